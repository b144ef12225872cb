import type { ReactNode, TableHTMLAttributes } from 'react';

/**
 * A table with one header row: `head` holds the column titles (null: an
 * empty, screen-reader-hidden column such as a chart cell); children are
 * the body rows. Other props (className, data-testid, aria-*) go to <table>.
 */
export function Table({ head, children, ...rest }: { head: Array<ReactNode | null>; children: ReactNode } & TableHTMLAttributes<HTMLTableElement> & Record<`data-${string}`, unknown>) {
  return (
    <table {...rest}>
      <thead>
        <tr>{head.map((h, i) => (h === null ? <th key={i} aria-hidden="true" /> : <th key={i}>{h}</th>))}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
