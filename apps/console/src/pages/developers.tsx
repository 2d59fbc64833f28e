import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { TestClock } from '@billy/client';
import { Action, Field, GuidLink, Show, Table, when } from '../components';
import { useBilly } from '../session';
import { useApi } from '../use-api';

/** Moves a clock and polls it until it is ready again, showing where it is. */
function AdvanceClock({ clock, done }: { clock: TestClock; done: () => void }) {
  const billy = useBilly();
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const advance = async () => {
    let current = await billy.testClocks.advance(clock.guid, { frozen_time: to });
    while (current.status !== 'ready') {
      setProgress(`Advancing to ${when(current.frozen_time)}…`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      current = await billy.testClocks.retrieve(clock.guid);
    }
    setProgress(`Ready at ${when(current.frozen_time)}`);
  };
  return (
    <span>
      <Field label={`Advance ${clock.guid} to`}>
        <input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      </Field>
      <Action label="Advance" question={`Advance the clock to ${to}?`} run={advance} done={done} />
      {progress && <span role="status">{progress}</span>}
    </span>
  );
}

export function Developers() {
  const billy = useBilly();
  const endpoints = useApi(() => billy.webhookEndpoints.list({ limit: 100 }), [billy]);
  const events = useApi(() => billy.events.list({ limit: 20 }), [billy]);
  const clocks = useApi(() => billy.testClocks.list({ limit: 100 }), [billy]);
  return (
    <section>
      <h1>Developers</h1>
      <h2>Webhook endpoints</h2>
      <Show loaded={endpoints}>
        {({ items }) => (
          <Table
            rows={items}
            empty="No webhook endpoints."
            columns={[
              { label: 'Endpoint', render: (row) => <GuidLink to="/developers/webhook-endpoints" guid={row.guid} /> },
              { label: 'URL', render: (row) => row.url },
              { label: 'Status', render: (row) => row.status },
              { label: 'Events', render: (row) => row.event_types.join(', ') },
            ]}
          />
        )}
      </Show>
      <h2>Events</h2>
      <Show loaded={events}>
        {({ items }) => (
          <Table
            rows={items}
            empty="No events."
            columns={[
              { label: 'Event', render: (row) => row.guid },
              { label: 'Type', render: (row) => row.type },
              { label: 'Resource', render: (row) => row.resource_guid },
              { label: 'At', render: (row) => when(row.created_at) },
            ]}
          />
        )}
      </Show>
      <h2>Test clocks</h2>
      <Show loaded={clocks}>
        {({ items }) => (
          <Table
            rows={items}
            empty="No test clocks."
            columns={[
              { label: 'Clock', render: (row) => row.guid },
              {
                label: 'Frozen time',
                render: (row) => <span data-testid={`frozen-${row.guid}`}>{row.frozen_time}</span>,
              },
              { label: 'Status', render: (row) => row.status },
              { label: 'Advance', render: (row) => <AdvanceClock clock={row} done={clocks.reload} /> },
            ]}
          />
        )}
      </Show>
    </section>
  );
}

export function WebhookEndpointPage() {
  const billy = useBilly();
  const { guid = '' } = useParams();
  const deliveries = useApi(() => billy.webhookEndpoints.deliveries(guid, { limit: 50 }), [billy, guid]);
  return (
    <section>
      <h1>Webhook endpoint {guid}</h1>
      <Link to="/developers">Back to Developers</Link>
      <Show loaded={deliveries}>
        {({ items }) => (
          <Table
            rows={items}
            empty="No deliveries yet."
            columns={[
              { label: 'Event', render: (row) => row.event_guid },
              { label: 'Status', render: (row) => row.status },
              {
                label: 'Attempts',
                render: (row) => row.attempts.map((a) => a.status_code ?? a.error ?? '?').join(', ') || '—',
              },
              { label: 'Next attempt', render: (row) => when(row.next_attempt_at) },
            ]}
          />
        )}
      </Show>
    </section>
  );
}
