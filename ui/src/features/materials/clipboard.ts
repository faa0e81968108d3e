// WebKit lets a page write the clipboard only while the click that asked
// for it is fresh, and filling a copy (the group's name, her link) takes a
// trip to the engine. So the clipboard is written at once with the text
// still to come; where ClipboardItem is missing, the text is awaited.
export function copyTextWhenReady(text: Promise<string>): Promise<void> {
  if (typeof ClipboardItem === "undefined" || !navigator.clipboard.write) {
    return text.then((t) => navigator.clipboard.writeText(t));
  }
  const blob = text.then((t) => new Blob([t], { type: "text/plain" }));
  return navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })]);
}
