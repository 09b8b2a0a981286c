import type { VNode } from 'preact';

export interface QueueTab {
  href: string;
  label: string;
  /** Shown after the label in brackets (a count, or `100+`). */
  count?: number | string | undefined;
  current?: boolean;
}

/**
 * The row of queue links above a work list (back office, feedback, helpdesk, ratings): a navigation
 * landmark whose current queue carries `aria-current="page"`; the links wrap on a narrow screen.
 */
export function QueueTabs({ label, tabs }: { label: string; tabs: QueueTab[] }): VNode {
  return (
    <nav aria-label={label}>
      <ul class="queue-tabs">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <a href={tab.href} aria-current={tab.current ? 'page' : undefined}>
              {tab.label}
              {tab.count === undefined ? '' : ` (${tab.count})`}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
