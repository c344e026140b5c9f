// A legal document's markdown, rendered on the server with the app's markdown renderer
// (react-markdown, as the chat uses). Raw HTML is dropped (skipHtml), so an operator's text
// cannot inject markup or scripts; links keep react-markdown's safe URL transform.
import ReactMarkdown from "react-markdown";

export function LegalMarkdown({ text }: { text: string }) {
  return (
    <div className="space-y-4 leading-relaxed text-slate-800 [&_a]:text-brand-600 dark:[&_a]:text-brand-300 [&_a]:underline [&_h2]:mt-8 [&_h2]:text-xl [&_h2]:font-semibold [&_h2]:text-ink [&_li]:ml-5 [&_ol]:list-decimal [&_ol]:space-y-2 [&_ul]:list-disc [&_ul]:space-y-1">
      <ReactMarkdown skipHtml>{text}</ReactMarkdown>
    </div>
  );
}
