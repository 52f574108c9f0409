import { ReactNode, useEffect, useRef } from 'react';

let firstPage = true;

/**
 * A page: one h1, the document title, and — after client-side navigation — focus on the heading,
 * so keyboard and screen-reader users start at the new content.
 */
export function Page({
  title,
  lead,
  actions,
  children,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} | Ledgerbridge`;
    if (firstPage) firstPage = false;
    else heading.current?.focus({ preventScroll: false });
  }, [title]);
  return (
    <>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {lead && <p className="lead">{lead}</p>}
      {children}
    </>
  );
}

export function Section({
  title,
  id,
  children,
  description,
}: {
  title: string;
  id: string;
  children: ReactNode;
  description?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {description && <p className="section-description">{description}</p>}
      {children}
    </section>
  );
}

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  const tone = /^(active|ok|connected|accepted)$/.test(status)
    ? 'good'
    : /needs|pending|expired|paused/.test(status)
      ? 'warn'
      : /disconnect|error|failed|revoked/.test(status)
        ? 'bad'
        : 'neutral';
  return (
    <span className={`badge badge-${tone}`} data-status={status}>
      {label ?? status.replace(/_/g, ' ')}
    </span>
  );
}
