import { useState } from "react";
import { useI18n } from "../../i18n";
import { CoursesPage } from "../courses/CoursesPage";
import { MaterialsPage } from "../materials/MaterialsPage";
import { Tabs } from "../../components/Tabs";

type View = "library" | "courses";
const VIEWS: View[] = ["library", "courses"];

// What trainers prepare: the library of materials, and courses made of them.
export function TrainingPage() {
  const { t } = useI18n();
  const [view, setView] = useState<View>("library");
  return (
    <>
      <Tabs
        className="inline tabs"
        tabs={VIEWS}
        current={view}
        onChoose={setView}
        word={(v) => t(`training.${v}`)}
        label={t("training.views")}
        testId={(v) => (v === "courses" ? "courses-tab" : undefined)}
      />
      {view === "library" ? <MaterialsPage /> : <CoursesPage />}
    </>
  );
}
