import { AnchorHTMLAttributes, ButtonHTMLAttributes } from 'react';

/*
 * "Sign in with Xero", "Connect to Xero" and "Disconnect" drawn locally (no remote script or image),
 * following Xero's published button guidelines: the Xero mark on the left of a fixed label, Xero
 * blue, rounded corners, minimum 40 px height, the label never reworded. The blue is XUI's
 * #0078C8 (white text passes WCAG AA at 4.7:1; the lighter #13B5EA would not).
 */
/**
 * Xero's logo: the "xero" wordmark in a circle. A bare cross read as "close" on the Disconnect
 * button, so the mark carries the wordmark, as Xero's Connect/Disconnect buttons do.
 */
function XeroMark({ circle = '#fff', word = '#0078C8' }: { circle?: string; word?: string }) {
  return (
    <svg
      className="xero-mark"
      viewBox="0 0 32 32"
      width="24"
      height="24"
      aria-hidden="true"
      focusable="false"
      data-mark="xero-logo"
    >
      <circle cx="16" cy="16" r="15" fill={circle} />
      <text
        x="16"
        y="19.5"
        textAnchor="middle"
        fontSize="10.5"
        fontWeight="700"
        fontFamily="system-ui, sans-serif"
        fill={word}
      >
        xero
      </text>
    </svg>
  );
}

/** A navigation to our own /api/... route that hands over to Xero: a link, styled as Xero's button. */
export function SignInWithXero({
  href,
  label = 'Sign in with Xero',
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; label?: string }) {
  return (
    <a className="xero-btn xero-btn-blue" href={href} {...rest}>
      <XeroMark />
      <span>{label}</span>
    </a>
  );
}

export function ConnectToXero({
  href,
  label = 'Connect to Xero',
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string; label?: string }) {
  return (
    <a className="xero-btn xero-btn-blue" href={href} {...rest}>
      <XeroMark />
      <span>{label}</span>
    </a>
  );
}

/** Xero's white "Disconnect" button; the organisation's name goes in the accessible name. */
export function DisconnectFromXero({
  orgName,
  busy,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { orgName: string; busy?: boolean }) {
  return (
    <button
      type="button"
      className="xero-btn xero-btn-white"
      aria-label={`Disconnect ${orgName} from Xero`}
      disabled={busy || rest.disabled}
      aria-busy={busy || undefined}
      {...rest}
    >
      <XeroMark circle="#0078C8" word="#fff" />
      <span>Disconnect</span>
    </button>
  );
}
