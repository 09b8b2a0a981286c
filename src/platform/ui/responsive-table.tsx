import { cloneElement, Fragment, isValidElement, toChildArray, type ComponentChildren, type VNode } from 'preact';

/** A column heading: its text (repeated beside each cell on a narrow screen), or false/null when the column is left out. */
export type ColumnHead = string | { label: string; numeric?: boolean } | false | null | undefined;

export interface ResponsiveTableProps {
  /** One heading per column, in order; falsy entries are dropped (conditional columns). */
  head: ColumnHead[];
  /** The rows: `<tr>` elements whose cells (`<td>`, or `<th scope="row">`) follow the heading's order. */
  children: ComponentChildren;
  /** Shown above the table (or read by screen readers only with `captionHidden`). */
  caption?: string;
  captionHidden?: boolean;
  class?: string;
}

/**
 * The one table of lists (dossiers, queues, registers, payments…): a real `<table>` with column
 * headers at wide widths; on a narrow screen (below 48rem) every row becomes a card and every
 * cell shows its column's heading as a label (`data-label`, drawn by the shared stylesheet's
 * `.responsive-table`), so nothing is squeezed to one word per line or cut off.
 */
export function ResponsiveTable({ head, children, caption, captionHidden, class: className }: ResponsiveTableProps): VNode {
  const columns = head.filter((c): c is string | { label: string; numeric?: boolean } => Boolean(c)).map((c) => (typeof c === 'string' ? { label: c, numeric: false } : { label: c.label, numeric: c.numeric ?? false }));
  const rows = flatten(children).map((row) => (isValidElement(row) ? labelRow(row as VNode<RowProps>, columns) : row));
  return (
    <div class="table-wrap">
      <table class={className ? `responsive-table ${className}` : 'responsive-table'}>
        {caption ? <caption class={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col" class={c.numeric ? 'numeric' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{rows}</tbody>
      </table>
    </div>
  );
}

interface RowProps {
  children?: ComponentChildren;
  [key: string]: unknown;
}

/** Flattens arrays and fragments (conditional cells are often `<>…</>` or `cond ? <td/> : null`). */
function flatten(children: ComponentChildren): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  for (const child of toChildArray(children)) {
    if (isValidElement(child) && child.type === Fragment) out.push(...flatten((child.props as { children?: ComponentChildren }).children));
    else out.push(child);
  }
  return out;
}

/** Gives each cell of a row its column's label; a row rendered by a component of its own is left as it is. */
function labelRow(row: VNode<RowProps>, columns: { label: string; numeric: boolean }[]): VNode {
  if (row.type !== 'tr') return row;
  let index = 0;
  const cells = flatten(row.props.children).map((cell) => {
    if (!isValidElement(cell) || (cell.type !== 'td' && cell.type !== 'th')) return cell;
    const props = cell.props as { colSpan?: number; colspan?: number; class?: string };
    const column = columns[index];
    index += props.colSpan ?? props.colspan ?? 1;
    if (!column) return cell;
    const extra: Record<string, unknown> = { 'data-label': column.label };
    if (column.numeric) extra.class = props.class ? `${props.class} numeric` : 'numeric';
    return cloneElement(cell, extra);
  });
  return cloneElement(row, {}, ...cells);
}
