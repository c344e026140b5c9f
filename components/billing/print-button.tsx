"use client";
// Prints the page (a receipt): the browser's dialog, which also saves as PDF.
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="rounded-lg border border-slate-300 px-4 py-2 font-semibold text-slate-800 hover:bg-slate-50 print:hidden"
    >
      Print or save as PDF
    </button>
  );
}
