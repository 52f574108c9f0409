import { Link } from 'react-router';
import { Page } from '../components/ui/page';

export function NotFoundPage() {
  return (
    <Page title="Page not found" lead="There is nothing at this address.">
      <p>
        <Link to="/">Go to the overview</Link>
      </p>
    </Page>
  );
}
