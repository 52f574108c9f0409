import { ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { Alert, ErrorAlert, Loading, LiveStatus, ReadOnlyNote, RefreshFailed } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Page } from '../../components/ui/page';
import { ApiError } from '../../lib/api-client';
import { ConnectToXero } from '../../components/ui/xero-buttons';
import { ConnectResult } from '../connections/connect-result';
import { useConnections, useTrySandbox, xeroConnectUrl } from '../connections/use-connections';
import { X3ConnectionForm } from '../connections/x3-connection-form';
import { LostXeroConnections } from '../connections/xero-connections';
import { PairForm } from '../integrations/pair-form';
import { useIntegrations } from '../integrations/use-integrations';
import { useMember } from '../session/use-session';
import { useFlows } from '../flows/use-flows';
import { FirstDryRunStep, StarterFlowsStep } from './flow-steps';

type StepState = 'done' | 'current' | 'waiting' | 'later';

const STATE_LABEL: Record<StepState, string> = {
  done: 'Done',
  current: 'To do',
  waiting: 'Waiting for an earlier step',
  later: 'Coming in a later release',
};

function Step({ n, title, state, children }: { n: number; title: string; state: StepState; children?: ReactNode }) {
  const id = `step-${n}`;
  return (
    <li
      className={`step step-${state}`}
      aria-labelledby={id}
      aria-current={state === 'current' ? 'step' : undefined}
      aria-disabled={state === 'later' || undefined}
      data-step-state={state}
    >
      <div className="step-head">
        <span className="step-number" aria-hidden="true">
          {state === 'done' ? '✓' : n}
        </span>
        <h2 id={id}>
          <span className="visually-hidden">Step {n}: </span>
          {title}
        </h2>
        <span className={`step-state step-state-${state}`}>{STATE_LABEL[state]}</span>
      </div>
      {children && <div className="step-body">{children}</div>}
    </li>
  );
}

/** Sign in → connect Xero (or start the sandbox) → connect Sage X3 → pair them → (later) flows, dry run. */
export function OnboardingPage() {
  const { user, canEdit } = useMember();
  const connections = useConnections(10_000);
  const integrations = useIntegrations();
  const trySandbox = useTrySandbox();
  const [status, setStatus] = useState<string>();
  const integrationId = integrations.data?.[0]?.id;
  const flows = useFlows(integrationId);
  const flowList = flows.data?.flows ?? [];
  const live = flowList.some((f) => f.enabled);
  // every starter flow is picked until the person unticks it
  const [unpicked, setUnpicked] = useState<Set<string>>(new Set());
  const picked = new Set(flowList.map((f) => f.flowKey).filter((k) => !unpicked.has(k)));
  const setPicked = (next: Set<string>) =>
    setUnpicked(new Set(flowList.map((f) => f.flowKey).filter((k) => !next.has(k))));

  if (connections.isPending || integrations.isPending)
    return (
      <Page title="Set up Ledgerbridge">
        <Loading what="your set-up" />
      </Page>
    );
  const error = connections.error ?? integrations.error;
  // A failed poll keeps the wizard: unmounting it would throw away the X3 form being typed.
  if (!connections.data || !integrations.data) {
    return (
      <Page title="Set up Ledgerbridge">
        <ErrorAlert error={error} title="Your set-up could not be loaded" />
      </Page>
    );
  }
  const activeXero = connections.data.xero.filter((c) => c.status === 'active');
  const x3 = connections.data.x3;
  const paired = integrations.data;
  const xeroDone = activeXero.length > 0;
  const x3Done = x3.length > 0;
  const pairDone = paired.length > 0;
  const allDone = xeroDone && x3Done && pairDone;
  const startSandbox = () => {
    setStatus('Starting the sandbox: creating a Xero organisation and an X3 folder with sample data…');
    trySandbox.mutate(undefined, {
      onSuccess: () =>
        setStatus('The sandbox is ready: a sample Xero organisation and X3 folder are connected and paired.'),
      onError: () => setStatus(undefined),
    });
  };

  return (
    <Page
      title="Set up Ledgerbridge"
      lead="Connect both systems, pair them, pick the flows, see a dry run and go live."
    >
      <ConnectResult />
      <RefreshFailed error={error} what="Your set-up" />
      <LiveStatus message={status} />
      {!canEdit && (
        <ReadOnlyNote>
          You have view-only access: an owner or admin completes the set-up. This page shows how far it has got.
        </ReadOnlyNote>
      )}
      {allDone && (
        <Alert tone="success" title="All connected">
          Xero and Sage X3 are connected and paired. <Link to="/settings/integrations">See your integrations</Link>.
        </Alert>
      )}
      <LostXeroConnections connections={connections.data.xero} returnTo="/onboarding" />
      <ol className="steps">
        <Step n={1} title="Sign in" state="done">
          <p>Signed in as {user.email}.</p>
        </Step>
        <Step n={2} title="Connect Xero" state={xeroDone ? 'done' : 'current'}>
          {xeroDone ? (
            <p>Connected: {activeXero.map((c) => c.name).join(', ')}.</p>
          ) : canEdit ? (
            <>
              <p>Choose the Xero organisations Ledgerbridge may reach. You will log in at Xero and come back here.</p>
              <div className="actions">
                <ConnectToXero href={xeroConnectUrl('/onboarding')} />
              </div>
              <div className="or" role="separator" aria-label="or">
                or
              </div>
              <p>
                No Xero or X3 to hand? Try Ledgerbridge on a sandbox: a sample Xero organisation and X3 folder,
                connected and paired in one click.
              </p>
              <Button variant="primary" onClick={startSandbox} busy={trySandbox.isPending}>
                Start the sandbox
              </Button>
              {trySandbox.error instanceof ApiError && trySandbox.error.status === 404 ? (
                <Alert tone="error" title="The sandbox did not start">
                  The one-click sandbox is not available on this server. Connect Xero and Sage X3 instead.
                </Alert>
              ) : (
                <ErrorAlert error={trySandbox.error} title="The sandbox did not start" />
              )}
            </>
          ) : (
            <p>Not connected yet.</p>
          )}
        </Step>
        <Step n={3} title="Connect Sage X3" state={x3Done ? 'done' : 'current'}>
          {x3Done ? (
            <p>Connected: {x3.map((c) => `${c.name} (${c.folder})`).join(', ')}.</p>
          ) : canEdit ? (
            <>
              <p>
                Enter your X3 server, folder and the connected application Ledgerbridge signs in with. Test it first:
                you will see what it exposes.
              </p>
              <X3ConnectionForm onSaved={(c) => setStatus(`${c.name} is connected.`)} />
            </>
          ) : (
            <p>Not connected yet.</p>
          )}
        </Step>
        <Step n={4} title="Pair them" state={pairDone ? 'done' : xeroDone && x3Done ? 'current' : 'waiting'}>
          {pairDone ? (
            <p>Paired: {paired.map((i) => i.name).join(', ')}.</p>
          ) : xeroDone && x3Done ? (
            canEdit ? (
              <PairForm connections={connections.data} onSaved={(i) => setStatus(`${i.name} is paired.`)} />
            ) : (
              <p>Not paired yet.</p>
            )
          ) : (
            <p>Connect both systems first.</p>
          )}
        </Step>
        <Step n={5} title="Pick starter flows" state={!pairDone ? 'waiting' : flowList.length ? 'done' : 'current'}>
          {pairDone && integrationId ? (
            <StarterFlowsStep
              integrationId={integrationId}
              flows={flowList}
              picked={picked}
              onPick={setPicked}
              canEdit={canEdit}
            />
          ) : (
            <>
              <p>Choose which records move and in which direction, from ready-made flows.</p>
              <Button disabled>Pick starter flows</Button>
            </>
          )}
        </Step>
        <Step n={6} title="First dry run" state={!flowList.length ? 'waiting' : live ? 'done' : 'current'}>
          {flowList.length && integrationId ? (
            <FirstDryRunStep integrationId={integrationId} flows={flowList} picked={picked} canEdit={canEdit} />
          ) : (
            <>
              <p>See, for real records, what each flow would create or update before it goes live.</p>
              <Button disabled>Start a dry run</Button>
            </>
          )}
        </Step>
      </ol>
    </Page>
  );
}
