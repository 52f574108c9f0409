import { SystemStatus } from '../features/status/system-status';

export function App() {
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Ledgerbridge</span>
        <span className="tagline">Sage X3 ↔ Xero, in step</span>
      </header>
      <main id="main">
        <h1>Keep Sage X3 and Xero in step</h1>
        <p className="lead">
          Customers, suppliers, products, orders, invoices, bills, payments, journals and stock move between your ERP
          and your Xero organisation, both ways, without re-keying.
        </p>
        <SystemStatus />
      </main>
    </div>
  );
}
