import { useEffect, useMemo } from "react";
import { usePicture } from "./queries";
import { useI18n } from "../../i18n";

// A kept picture, shown from its thumbnail (or the original), fetched once
// per hash and shown through a blob URL that is let go with the element.
export function Picture({ hash, original = false, alt }: { hash: string; original?: boolean; alt: string }) {
  const { t } = useI18n();
  const bytes = usePicture(hash, original);
  const url = useMemo(() => (bytes.data ? URL.createObjectURL(new Blob([bytes.data])) : null), [bytes.data]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  if (bytes.isError) return <span className="picture picture-missing">{t("media.missing")}</span>;
  if (!url) return <span className="picture picture-loading" aria-busy="true" />;
  return <img className="picture" src={url} alt={alt} data-hash={hash} />;
}
