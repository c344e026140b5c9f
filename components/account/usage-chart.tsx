// Server-rendered SVG column chart with a labelled y axis (round ticks), x axis day labels and
// each non-zero value written above its bar. No chart library: the page ships no JavaScript for it.
// Values are plotted as numbers (a day's PT fits a double exactly far beyond any real spend); the
// labels come from the exact bigint via the caller's formatter.

export type Column = { label: string; title: string; value: bigint };

const W = 720;
const H = 260;
const PAD = { top: 22, right: 8, bottom: 34, left: 64 };

/** A "nice" axis maximum (1, 2 or 5 × 10^k) at or above max, and its tick step. */
export function niceScale(max: number, ticks = 4): { top: number; step: number } {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const rounded = Math.max(1, Math.round(step));
  return { top: rounded * Math.ceil(max / rounded), step: rounded };
}

function compact(n: number): string {
  return new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
}

export function UsageChart({
  id,
  title,
  columns,
  unit,
}: {
  id: string;
  title: string;
  columns: Column[];
  unit: string;
}) {
  const values = columns.map((c) => Number(c.value));
  const { top, step } = niceScale(Math.max(0, ...values));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, columns.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const ticks: number[] = [];
  for (let t = 0; t <= top; t += step) ticks.push(t);
  const labelEvery = Math.ceil(columns.length / 10);
  const showValues = columns.length <= 31;
  return (
    <figure className="rounded-xl border border-slate-200 p-4" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="mb-2 font-semibold text-ink">
        {title}
      </figcaption>
      {/* On a phone the chart keeps a legible size and scrolls sideways. */}
      <div className="overflow-x-auto">
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-labelledby={`${id}-title`}
          data-testid={id}
          className="h-auto w-full min-w-[36rem]"
        >
          <title>{title}</title>
          {ticks.map((t) => (
            <g key={t}>
              <line
                x1={PAD.left}
                x2={W - PAD.right}
                y1={y(t)}
                y2={y(t)}
                stroke={t === 0 ? "#64748b" : "#e2e8f0"}
              />
              <text x={PAD.left - 6} y={y(t) + 4} fontSize="12" textAnchor="end" fill="#334155">
                {compact(t)}
              </text>
            </g>
          ))}
          <text
            x={12}
            y={PAD.top + plotH / 2}
            fontSize="12"
            fill="#334155"
            transform={`rotate(-90 12 ${PAD.top + plotH / 2})`}
            textAnchor="middle"
          >
            {unit}
          </text>
          {columns.map((c, i) => {
            const v = values[i] ?? 0;
            const x = PAD.left + i * slot + (slot - barW) / 2;
            return (
              <g key={c.label}>
                <rect x={x} y={y(v)} width={barW} height={y(0) - y(v)} fill="#1f57cc">
                  <title>{c.title}</title>
                </rect>
                {showValues && v > 0 ? (
                  <text x={x + barW / 2} y={y(v) - 4} fontSize="10" textAnchor="middle" fill="#0f172a">
                    {compact(v)}
                  </text>
                ) : null}
                {i % labelEvery === 0 ? (
                  <text
                    x={PAD.left + i * slot + slot / 2}
                    y={H - PAD.bottom + 16}
                    fontSize="12"
                    textAnchor="middle"
                    fill="#334155"
                  >
                    {c.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
