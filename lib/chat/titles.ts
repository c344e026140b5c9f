// Conversation titles from the first words of the first message: free, instant and private (no
// hidden model call that someone would have to pay for).

export const TITLE_MAX_CHARS = 60;
const TITLE_WORDS = 8;

export function titleFromMessage(message: string): string {
  const words = message
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/[#>*_`~[\]()!|]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
  if (words.length === 0) return "New chat";
  let title = words.slice(0, TITLE_WORDS).join(" ");
  if (title.length > TITLE_MAX_CHARS) title = `${title.slice(0, TITLE_MAX_CHARS - 1).trimEnd()}…`;
  else if (words.length > TITLE_WORDS) title = `${title}…`;
  return title.charAt(0).toUpperCase() + title.slice(1);
}
