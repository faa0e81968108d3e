import { ErrorNotice } from "../../components/ErrorNotice";
import { useI18n } from "../../i18n";
import { PicturePick } from "./PicturePick";
import { usePayCode, useSetPayCode } from "./queries";

// The partner's 收款码: a picture she picks once, shown on the pay list.
export function PayCodeField({ partner, name }: { partner: number; name: string }) {
  const { t } = useI18n();
  const code = usePayCode(partner);
  const save = useSetPayCode(partner);
  if (code.isError) return <ErrorNotice error={code.error} onRetry={() => void code.refetch()} />;
  if (code.isPending) return null;
  return (
    <div data-testid="pay-code">
      <PicturePick label={t("payout.payCode.of", { name })} hash={code.data} onHash={(hash) => save.mutate(hash)} />
      {save.isError && <ErrorNotice error={save.error} />}
    </div>
  );
}
