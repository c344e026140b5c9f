// A server-rendered SVG bar chart (no chart library): one or two series per label, integer values
// scaled to the tallest bar, with a title, an accessible description and a data table fallback.
export type Series = { name: string; color: string; values: number[] };

type Props = {
  title: string;
  labels: string[];
  series: Series[];
  format?: (v: number) => string;
  id: string;
};

export function BarChart({ title, labels, series, format = (v) => v.toLocaleString("en-US"), id }: Props) {
  const width = 640;
  const height = 200;
  const pad = { top: 10, bottom: 24, left: 4, right: 4 };
  const max = Math.max(1, ...series.flatMap((s) => s.values.map((v) => Math.abs(v))));
  const hasNegative = series.some((s) => s.values.some((v) => v < 0));
  const plotH = height - pad.top - pad.bottom;
  const zeroY = pad.top + (hasNegative ? plotH / 2 : plotH);
  const scale = (hasNegative ? plotH / 2 : plotH) / max;
  const slot = (width - pad.left - pad.right) / Math.max(1, labels.length);
  const barW = Math.max(1, (slot * 0.8) / Math.max(1, series.length));
  const step = Math.ceil(labels.length / 8);
  return (
    <figure className="rounded-xl border border-slate-200 p-4" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="mb-2 font-semibold text-ink">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title`}
        data-testid={id}
        className="h-auto w-full"
      >
        <title>{title}</title>
        <line x1={pad.left} x2={width - pad.right} y1={zeroY} y2={zeroY} stroke="#cbd5e1" />
        {labels.map((label, i) =>
          series.map((s, j) => {
            const v = s.values[i] ?? 0;
            const h = Math.abs(v) * scale;
            const x = pad.left + i * slot + slot * 0.1 + j * barW;
            return (
              <rect
                key={`${label}-${s.name}`}
                x={x}
                y={v >= 0 ? zeroY - h : zeroY}
                width={barW}
                height={h}
                fill={s.color}
              >
                <title>{`${label} — ${s.name}: ${format(v)}`}</title>
              </rect>
            );
          }),
        )}
        {labels.map((label, i) =>
          i % step === 0 ? (
            <text
              key={label}
              x={pad.left + i * slot + slot / 2}
              y={height - 6}
              fontSize="10"
              textAnchor="middle"
              fill="#475569"
            >
              {label.length > 12 ? `${label.slice(0, 11)}…` : label}
            </text>
          ) : null,
        )}
      </svg>
      <ul className="mt-2 flex flex-wrap gap-4 text-sm text-slate-600">
        {series.map((s) => (
          <li key={s.name} className="flex items-center gap-1">
            <svg aria-hidden="true" width="12" height="12">
              <rect width="12" height="12" rx="2" fill={s.color} />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-slate-600">Data table</summary>
        <table className="mt-2 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Label</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row" className="font-normal">
                  {label}
                </th>
                {series.map((s) => (
                  <td key={s.name}>{format(s.values[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
