import { useState } from "hono/jsx/dom";
import { type CsvAnswer, downloadCsv } from "./csv-download";

/** "Export CSV": downloads what `read` answers; says what went wrong, if anything. */
export function ExportButton({ label, read }: { label: string; read: () => Promise<CsvAnswer> }) {
  const [state, setState] = useState<{ busy: boolean; problem: string | null }>({
    busy: false,
    problem: null,
  });
  const run = async () => {
    setState({ busy: true, problem: null });
    setState({ busy: false, problem: await downloadCsv(read) });
  };
  return (
    <span class="export">
      <button type="button" class="secondary" disabled={state.busy} onClick={() => void run()}>
        {state.busy ? "Exporting…" : label}
      </button>
      {state.problem && (
        <span class="problem" role="alert">
          {state.problem}
        </span>
      )}
    </span>
  );
}
