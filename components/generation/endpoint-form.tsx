"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteEndpointAction, saveEndpointAction, testEndpointAction } from "@/lib/actions/endpoints";
import type { ModelWithEndpoint } from "@/lib/server/endpoints/list-endpoints";
import type { ConnectionTest } from "@/lib/server/endpoints/test-endpoint";
import { Badge, Card, ErrorNote, dangerButtonClass, inputClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui";
import { useServerAction } from "@/components/use-server-action";

type Kind = "none" | "env" | "secret";

// One model's endpoint: the form to attach or change it, "test connection" and "remove". The secret field
// starts empty every time: the page never has the stored secret, only whether there is one.
export function EndpointForm({ model }: { model: ModelWithEndpoint }) {
  const t = useTranslations("generation.endpoints");
  const e = model.endpoint;
  const [kind, setKind] = useState<Kind>(e?.credential.kind ?? "none");
  const save = useServerAction(saveEndpointAction, "admin.errors");
  const remove = useServerAction(deleteEndpointAction, "admin.errors");
  const [test, setTest] = useState<ConnectionTest | null>(null);
  const [testError, setTestError] = useState<string | null>(null);
  const [testing, startTest] = useTransition();
  const [saved, setSaved] = useState(false);
  const field = (name: string) => `${name}-${model.id}`;
  // A ring, not a border colour: the input's own border class would win over a second one.
  const invalid = (name: string) => (save.fieldErrors[name] ? "ring-2 ring-red-500" : "");

  return (
    <Card className="p-4">
      <div data-testid={`endpoint-${model.key}`}>
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 className="font-semibold">
            {model.displayName} <span dir="ltr" className="font-mono text-xs text-slate-500">{model.key}</span>
          </h2>
          {e ? (
            <span dir="ltr" className="truncate text-xs text-slate-500">
              {t("summary", { url: e.baseUrl, model: e.remoteModel, concurrency: e.concurrency })}
            </span>
          ) : (
            <Badge tone="slate">{t("noEndpoint")}</Badge>
          )}
        </div>
        {model.live && (
          <p data-testid="endpoint-live-errors" className={`-mt-2 mb-3 text-xs ${model.live.failed > 0 ? "text-red-700" : "text-slate-500"}`}>
            {t("liveErrors", { answers: model.live.answers, failed: model.live.failed, percent: ((100 * model.live.failed) / Math.max(1, model.live.answers)).toFixed(1) })}
          </p>
        )}
        <form
          data-testid="endpoint-form"
          // Never a GET: a submission before hydration must not put the secret in a URL.
          method="post"
          className="grid gap-3 sm:grid-cols-2"
          onSubmit={(event) => {
            event.preventDefault();
            const f = new FormData(event.currentTarget);
            const str = (n: string) => String(f.get(n) ?? "");
            setSaved(false);
            save.run(
              {
                modelId: model.id,
                baseUrl: str("baseUrl"),
                remoteModel: str("remoteModel"),
                credential: kind === "env" ? { kind, name: str("envName") } : kind === "secret" ? { kind, secret: str("secret") } : { kind },
                temperature: str("temperature"),
                maxTokens: str("maxTokens"),
                concurrency: str("concurrency"),
                timeoutMs: str("timeoutSeconds") === "" ? "" : Math.round(Number(str("timeoutSeconds")) * 1000),
                systemPromptAr: str("systemPromptAr"),
                systemPromptEn: str("systemPromptEn"),
              },
              () => setSaved(true),
            );
          }}
        >
          <label className="flex flex-col gap-1 text-sm sm:col-span-2">
            <span className="font-medium">{t("baseUrl")}</span>
            <input
              id={field("baseUrl")}
              name="baseUrl"
              dir="ltr"
              required
              defaultValue={e?.baseUrl ?? ""}
              placeholder="http://127.0.0.1:8000/v1"
              aria-invalid={save.fieldErrors.baseUrl ? true : undefined}
              aria-describedby={save.fieldErrors.baseUrl ? field("baseUrlError") : undefined}
              className={`${inputClass} ${invalid("baseUrl")}`}
            />
            {save.fieldErrors.baseUrl && (
              <span id={field("baseUrlError")} className="text-xs text-red-700" data-testid="endpoint-url-error">
                {t("baseUrlInvalid")}
              </span>
            )}
            <span className="text-xs text-slate-500">{t("baseUrlHelp")}</span>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t("remoteModel")}</span>
            <input name="remoteModel" dir="ltr" required defaultValue={e?.remoteModel ?? ""} className={`${inputClass} ${invalid("remoteModel")}`} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t("credential")}</span>
            <select name="credentialKind" value={kind} onChange={(ev) => setKind(ev.target.value as Kind)} className={inputClass}>
              {(["none", "env", "secret"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`credentialKinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          {kind === "env" && (
            <label className="flex flex-col gap-1 text-sm sm:col-span-2">
              <span className="font-medium">{t("envName")}</span>
              <input name="envName" dir="ltr" required defaultValue={e?.credential.kind === "env" ? e.credential.name : ""} placeholder="VLLM_API_KEY" className={`${inputClass} ${invalid("credential")}`} />
              {e?.credential.kind === "env" && !e.credential.present && <span className="text-xs text-amber-700">{t("envMissing")}</span>}
            </label>
          )}
          {kind === "secret" && (
            <label className="flex flex-col gap-1 text-sm sm:col-span-2">
              <span className="font-medium">{t("secret")}</span>
              <input name="secret" type="password" dir="ltr" autoComplete="off" defaultValue="" className={`${inputClass} ${invalid("credential")}`} />
              {e?.credential.kind === "secret" && e.credential.stored && <span className="text-xs text-slate-500">{t("secretStored")}</span>}
            </label>
          )}
          <div className="grid grid-cols-2 gap-3 sm:col-span-2 lg:grid-cols-4">
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{t("temperature")}</span>
              <input name="temperature" type="number" step="0.1" min="0" max="2" dir="ltr" defaultValue={e?.temperature ?? ""} className={`${inputClass} ${invalid("temperature")}`} />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{t("maxTokens")}</span>
              <input name="maxTokens" type="number" min="1" dir="ltr" defaultValue={e?.maxTokens ?? ""} className={`${inputClass} ${invalid("maxTokens")}`} />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{t("concurrency")}</span>
              <input name="concurrency" type="number" min="1" max="256" dir="ltr" defaultValue={e?.concurrency ?? 4} className={`${inputClass} ${invalid("concurrency")}`} />
            </label>
            <label className="flex flex-col gap-1 text-sm">
              <span className="font-medium">{t("timeoutSeconds")}</span>
              <input name="timeoutSeconds" type="number" min="1" max="600" dir="ltr" defaultValue={e ? e.timeoutMs / 1000 : 60} className={`${inputClass} ${invalid("timeoutMs")}`} />
            </label>
          </div>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t("systemPromptAr")}</span>
            <textarea name="systemPromptAr" dir="rtl" rows={2} defaultValue={e?.systemPromptAr ?? ""} className={inputClass} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            <span className="font-medium">{t("systemPromptEn")}</span>
            <textarea name="systemPromptEn" dir="ltr" rows={2} defaultValue={e?.systemPromptEn ?? ""} className={inputClass} />
          </label>
          <div className="flex flex-wrap items-center gap-2 sm:col-span-2">
            <button type="submit" disabled={!save.ready} className={primaryButtonClass}>
              {save.pending ? t("saving") : t("save")}
            </button>
            {e && (
              <button
                type="button"
                data-testid="test-endpoint"
                disabled={testing}
                className={secondaryButtonClass}
                onClick={() => {
                  setTest(null);
                  setTestError(null);
                  startTest(async () => {
                    const result = await testEndpointAction({ modelId: model.id }).catch(() => null);
                    if (result?.ok) setTest(result.data);
                    else setTestError(result?.error.message ?? "unavailable");
                  });
                }}
              >
                {testing ? t("testing") : t("test")}
              </button>
            )}
            {e && (
              <button type="button" disabled={!remove.ready} className={dangerButtonClass} onClick={() => remove.run({ modelId: model.id })}>
                {t("remove")}
              </button>
            )}
            {saved && !save.pending && <span role="status" className="text-sm text-emerald-700">{t("saved")}</span>}
          </div>
        </form>
        <div className="mt-3 space-y-2">
          <ErrorNote message={save.error ? (save.error.code === "invalid_input" ? t("invalid") : save.message) : null} />
          <ErrorNote message={remove.message} />
          <ErrorNote message={testError} />
          {test && (
            <p role="status" data-testid="test-result" className={`rounded-md px-3 py-2 text-sm ${test.ok ? "bg-emerald-50 text-emerald-800" : "bg-red-50 text-red-700"}`}>
              {test.ok ? (
                <>
                  {t("testOk", { ms: test.latencyMs })}{" "}
                  <bdi dir="auto" className="font-mono">
                    {test.reply}
                  </bdi>
                </>
              ) : (
                <>
                  {t("testFailed")}{" "}
                  <bdi dir="ltr" className="font-mono">
                    {test.message}
                  </bdi>
                </>
              )}
            </p>
          )}
        </div>
      </div>
    </Card>
  );
}
