import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { UpcomingInvoice } from '@billy/client';
import { INVOICE_COLUMNS, SUBSCRIPTION_COLUMNS } from '../columns';
import { Action, ErrorMessage, Field, money, Show, Table, useCursor, when } from '../components';
import { PAGE_LIMIT, PagedTable, StatusFilter, useStatusParam } from '../paged-list';
import { useBilly } from '../session';
import { useApi } from '../use-api';

const STATUSES = ['trialing', 'active', 'past_due', 'paused', 'canceled'] as const;
type Status = (typeof STATUSES)[number];

export function Subscriptions() {
  const billy = useBilly();
  const status = useStatusParam<Status>();
  const cursor = useCursor();
  const page = useApi(
    () => billy.subscriptions.list({ limit: PAGE_LIMIT, starting_after: cursor, status }),
    [billy, cursor, status],
  );
  return (
    <section>
      <h1>Subscriptions</h1>
      <StatusFilter statuses={STATUSES} />
      <PagedTable loaded={page} columns={SUBSCRIPTION_COLUMNS} empty="No subscriptions." />
    </section>
  );
}

/** A plan change: the upcoming invoice it would make first, then the change itself. */
function ChangePlan({ guid, done }: { guid: string; done: () => void }) {
  const billy = useBilly();
  const [planGuid, setPlanGuid] = useState('');
  const [preview, setPreview] = useState<UpcomingInvoice | null>(null);
  const [error, setError] = useState<unknown>(null);
  const look = async () => {
    setError(null);
    try {
      setPreview(await billy.subscriptions.upcomingInvoice(guid, { plan_guid: planGuid.trim() }));
    } catch (refused) {
      setPreview(null);
      setError(refused);
    }
  };
  return (
    <div className="change-plan">
      <Field label="New plan">
        <input placeholder="PL…" value={planGuid} onChange={(event) => setPlanGuid(event.target.value)} />
      </Field>
      <button type="button" disabled={!planGuid.trim()} onClick={() => void look()}>
        Preview
      </button>
      {error !== null && <ErrorMessage error={error} />}
      {preview && (
        <div className="preview">
          <p>
            Next invoice on {when(preview.scheduled_at)}: {money(preview.effective_amount, preview.currency)}
          </p>
          <ul>
            {preview.adjustments.map((line, index) => (
              <li key={index}>
                {line.reason}: {money(line.amount, preview.currency)}
              </li>
            ))}
          </ul>
          <Action
            label="Change plan"
            question={`Move to ${planGuid.trim()}?`}
            run={() => billy.subscriptions.update(guid, { plan_guid: planGuid.trim() })}
            done={done}
          />
        </div>
      )}
    </div>
  );
}

export function SubscriptionPage() {
  const billy = useBilly();
  const { guid = '' } = useParams();
  const subscription = useApi(() => billy.subscriptions.retrieve(guid), [billy, guid]);
  const invoices = useApi(() => billy.subscriptions.invoices(guid, { limit: 100 }), [billy, guid]);
  const reload = () => {
    subscription.reload();
    invoices.reload();
  };
  return (
    <section>
      <h1>Subscription {guid}</h1>
      <Show loaded={subscription}>
        {(data) => (
          <>
            <dl>
              <dt>Status</dt>
              <dd data-testid="status">{data.status}</dd>
              <dt>Amount</dt>
              <dd>{money(data.effective_amount, data.currency)}</dd>
              <dt>Period</dt>
              <dd>
                {when(data.current_period_start)} – {when(data.current_period_end)}
              </dd>
              <dt>Next invoice</dt>
              <dd>{when(data.next_invoice_at)}</dd>
              <dt>Cancels at period end</dt>
              <dd data-testid="cancel-at-period-end">{data.cancel_at_period_end ? 'yes' : 'no'}</dd>
            </dl>
            {data.status !== 'canceled' && (
              <div className="actions">
                <Action
                  label="Cancel at period end"
                  question="Cancel when the paid period ends?"
                  run={() => billy.subscriptions.cancel(guid, { at_period_end: true })}
                  done={reload}
                />
                <Action
                  label="Cancel now"
                  question="Cancel now?"
                  run={() => billy.subscriptions.cancel(guid, {})}
                  done={reload}
                />
                <Action
                  label="Cancel now with prorated refund"
                  question="Cancel now and refund the unused time?"
                  run={() => billy.subscriptions.cancel(guid, { prorated_refund: true })}
                  done={reload}
                />
                {data.status === 'paused' ? (
                  <Action
                    label="Resume"
                    question="Resume billing?"
                    run={() => billy.subscriptions.resume(guid)}
                    done={reload}
                  />
                ) : (
                  <Action
                    label="Pause"
                    question="Pause billing?"
                    run={() => billy.subscriptions.pause(guid)}
                    done={reload}
                  />
                )}
                <ChangePlan guid={guid} done={reload} />
              </div>
            )}
          </>
        )}
      </Show>
      <h2>Invoices</h2>
      <Show loaded={invoices}>
        {({ items }) => <Table rows={items} columns={INVOICE_COLUMNS} empty="No invoices yet." />}
      </Show>
    </section>
  );
}
