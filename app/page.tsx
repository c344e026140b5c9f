import Link from "next/link";

const FEATURES = [
  {
    title: "No overspend, ever",
    body: "Every message places a hold for its worst-case cost before it streams, so concurrent chats cannot spend PT you do not have.",
  },
  {
    title: "Aborted streams are billed fairly",
    body: "Stop a reply halfway and you pay for the tokens that were produced — not a token more, not a token less.",
  },
  {
    title: "Payments applied exactly once",
    body: "Each Stripe event is verified, stored and applied in one transaction keyed by what paid for it. Retries are harmless.",
  },
  {
    title: "Margins you can see",
    body: "Operators see revenue, provider cost and margin per model and per day, checked by a nightly reconciliation.",
  },
];

export default function LandingPage() {
  return (
    <div className="mx-auto max-w-6xl px-4 sm:px-6">
      <section className="py-16 sm:py-24">
        <p className="text-sm font-semibold uppercase tracking-wider text-brand-600">Metered AI chat</p>
        <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight text-ink sm:text-5xl">
          Chat with the best models. Pay for exactly what you use.
        </h1>
        <p className="mt-5 max-w-2xl text-lg text-slate-600">
          Ledgerchat sells LLM access in platform tokens (PT). Every token is recorded in a double-entry
          ledger, so your balance is always exact — and operators never lose money on a stream.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link
            href="/chat"
            className="rounded-lg bg-brand-600 px-5 py-3 font-semibold text-white shadow-sm hover:bg-brand-700"
          >
            Start chatting — no sign-up needed
          </Link>
          <Link
            href="/sign-up"
            className="rounded-lg border border-slate-300 px-5 py-3 font-semibold text-slate-800 hover:bg-slate-50"
          >
            Create an account
          </Link>
          <a
            href="#how-it-works"
            className="rounded-lg border border-slate-300 px-5 py-3 font-semibold text-slate-800 hover:bg-slate-50"
          >
            How it works
          </a>
        </div>
      </section>
      <section id="how-it-works" aria-labelledby="how-heading" className="pb-20">
        <h2 id="how-heading" className="text-2xl font-semibold text-ink">
          Built around an exact ledger
        </h2>
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {FEATURES.map((f) => (
            <li key={f.title} className="rounded-xl border border-slate-200 p-5">
              <h3 className="font-semibold text-ink">{f.title}</h3>
              <p className="mt-2 text-slate-600">{f.body}</p>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
