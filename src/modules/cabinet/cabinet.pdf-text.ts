import { inflateSync } from 'node:zlib';

/**
 * Test support: the text drawn in a PDF that pdfkit made with embedded fonts (glyph ids in hex
 * strings, mapped back to characters through each font's ToUnicode CMap). Enough to check that
 * a report names what it should; not a general PDF reader.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | undefined }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.search(/(?<!end)stream\r?\n/);
    if (at < 0) {
      objects.set(Number(m[1]), { dict: body, stream: undefined });
      continue;
    }
    const dict = body.slice(0, at);
    const dataStart = m.index + m[0].indexOf(body) + body.indexOf('\n', at) + 1;
    const dataEnd = raw.indexOf('endstream', dataStart);
    let bytes = pdf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(dict)) {
      try {
        bytes = inflateSync(bytes);
      } catch {
        // leave as is
      }
    }
    objects.set(Number(m[1]), { dict, stream: bytes.toString('latin1') });
  }
  const cmapOf = (fontRef: number): Map<string, string> => {
    const font = objects.get(fontRef);
    const ref = /\/ToUnicode (\d+) 0 R/.exec(font?.dict ?? '')?.[1];
    const cmap = ref ? objects.get(Number(ref))?.stream ?? '' : '';
    const map = new Map<string, string>();
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
        const lo = parseInt(line[1]!, 16);
        const hi = parseInt(line[2]!, 16);
        const targets = line[3]!.startsWith('[') ? [...line[3]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((x) => x[1]!) : undefined;
        for (let g = lo; g <= hi; g++) {
          const hex = targets ? targets[g - lo]! : (parseInt(line[3]!.slice(1, -1), 16) + (g - lo)).toString(16).padStart(4, '0');
          map.set(g.toString(16).padStart(4, '0'), decodeUtf16(hex));
        }
      }
    }
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const line of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(line[1]!.toLowerCase().padStart(4, '0'), decodeUtf16(line[2]!));
    }
    return map;
  };
  const lines: string[] = [];
  for (const page of [...objects.values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict))) {
    const fonts = new Map<string, Map<string, string>>();
    let resources = page.dict;
    const resRef = /\/Resources (\d+) 0 R/.exec(page.dict)?.[1];
    if (resRef) resources = objects.get(Number(resRef))?.dict ?? '';
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const f of fontDict.matchAll(/\/([\w.+-]+) (\d+) 0 R/g)) fonts.set(f[1]!, cmapOf(Number(f[2])));
    const contents = [...(/\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page.dict)?.[1] ?? '').matchAll(/(\d+) 0 R/g)].map((x) => objects.get(Number(x[1]))?.stream ?? '');
    for (const content of contents) {
      let map = new Map<string, string>();
      for (const op of content.matchAll(/\/([\w.+-]+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[-\d. ])*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
        if (op[1] !== undefined) {
          map = fonts.get(op[1]) ?? new Map();
          continue;
        }
        const hexes = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]!) : [op[3]!];
        let text = '';
        for (const hex of hexes) for (let i = 0; i < hex.length; i += 4) text += map.get(hex.slice(i, i + 4).toLowerCase()) ?? '';
        lines.push(text);
      }
    }
  }
  return lines.join('\n');
}

function decodeUtf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i < hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}
