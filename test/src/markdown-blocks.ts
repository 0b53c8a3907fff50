/** A fenced code block of a Markdown document, with the `## ` section it sits in. */
export interface FencedBlock {
  /** The info string's first word (`sh`, `text`, ...). */
  readonly lang: string;
  readonly body: string;
  /** The heading of the `## ` section holding it, without the hashes ("" before the first). */
  readonly section: string;
}

/** Every fenced (```) block of `markdown`, in order. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let section = "";
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of markdown.split("\n")) {
    if (open !== undefined) {
      if (line.trimEnd() === "```") {
        blocks.push({ lang: open.lang, body: open.lines.join("\n"), section });
        open = undefined;
      } else {
        open.lines.push(line);
      }
    } else if (line.startsWith("```")) {
      open = { lang: line.slice(3).trim().split(/\s+/)[0] ?? "", lines: [] };
    } else if (line.startsWith("## ")) {
      section = line.slice(3).trim();
    }
  }
  if (open !== undefined) throw new Error(`an unclosed code block in section "${section}"`);
  return blocks;
}

/** The blocks of the section whose heading starts with `prefix`; throws when there is no such section. */
export function sectionBlocks(blocks: readonly FencedBlock[], prefix: string): FencedBlock[] {
  const found = blocks.filter((block) => block.section.startsWith(prefix));
  if (found.length === 0) throw new Error(`no code blocks under a "## ${prefix}..." heading`);
  return found;
}
