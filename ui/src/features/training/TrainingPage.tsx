import { useState } from "react";
import { useI18n } from "../../i18n";
import { CoursesPage } from "../courses/CoursesPage";
import { MaterialsPage } from "../materials/MaterialsPage";

// What trainers prepare: the library of materials, and courses made of them.
export function TrainingPage() {
  const { t } = useI18n();
  const [view, setView] = useState<"library" | "courses">("library");
  return (
    <>
      <div className="inline tabs" role="tablist" aria-label={t("training.views")}>
        <button type="button" role="tab" aria-selected={view === "library"} onClick={() => setView("library")}>
          {t("training.library")}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={view === "courses"}
          onClick={() => setView("courses")}
          data-testid="courses-tab"
        >
          {t("training.courses")}
        </button>
      </div>
      {view === "library" ? <MaterialsPage /> : <CoursesPage />}
    </>
  );
}
