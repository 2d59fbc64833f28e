import { type ReactNode, useState } from 'react';
import { Link, NavLink, useSearchParams } from 'react-router-dom';
import { BillyError } from '@billy/client';
import { useSession } from './session';
import type { Loaded } from './use-api';

export const NAVIGATION = [
  ['/', 'Overview'],
  ['/customers', 'Customers'],
  ['/subscriptions', 'Subscriptions'],
  ['/invoices', 'Invoices'],
  ['/failed-payments', 'Failed payments'],
  ['/developers', 'Developers'],
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { signOut } = useSession();
  return (
    <div className="console">
      <nav>
        <strong>Billy</strong>
        {NAVIGATION.map(([to, name]) => (
          <NavLink key={to} to={to} end={to === '/'}>
            {name}
          </NavLink>
        ))}
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </nav>
      <main>{children}</main>
    </div>
  );
}

/** An error as a message a person can act on: the API's class and text, never a blank page. */
export function ErrorMessage({ error }: { error: unknown }) {
  const text =
    error instanceof BillyError
      ? `${error.errorClass}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <p role="alert" className="error">
      {text}
    </p>
  );
}

/** What a loaded value shows: loading, its error, or `children` with the data. */
export function Show<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  if (loaded.error) return <ErrorMessage error={loaded.error} />;
  if (loaded.data === undefined) return <p className="loading">Loading…</p>;
  return <>{children(loaded.data)}</>;
}

export interface Column<T> {
  label: string;
  render: (row: T) => ReactNode;
}

export function Table<T>({ rows, columns, empty }: { rows: T[]; columns: Column<T>[]; empty: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label}>{column.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {columns.map((column) => (
              <td key={column.label}>{column.render(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Minor units in the currency's own format: 1234 usd is $12.34, 980 jpy is ¥980. */
export function money(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

export const when = (timestamp: string | null) => (timestamp ? new Date(timestamp).toLocaleString('en-GB') : '—');

export const GuidLink = ({ to, guid }: { to: string; guid: string | null }) =>
  guid ? <Link to={`${to}/${guid}`}>{guid}</Link> : <>—</>;

/** Next and previous pages along `starting_after`, kept in the URL so the back button works. */
export function Pager({ items, limit }: { items: { guid: string | null }[]; limit: number }) {
  const [search, setSearch] = useSearchParams();
  const trail = search.get('trail')?.split(',').filter(Boolean) ?? [];
  const go = (next: string[]) => {
    const params = new URLSearchParams(search);
    if (next.length) params.set('trail', next.join(','));
    else params.delete('trail');
    setSearch(params);
  };
  const last = items.at(-1)?.guid;
  return (
    <div className="pager">
      <button type="button" disabled={trail.length === 0} onClick={() => go(trail.slice(0, -1))}>
        Previous
      </button>
      <button type="button" disabled={items.length < limit || !last} onClick={() => last && go([...trail, last])}>
        Next
      </button>
    </div>
  );
}

/** The cursor of the page the URL names. */
export const useCursor = () => useSearchParams()[0].get('trail')?.split(',').at(-1);

/**
 * A button that asks before it acts, then shows what came of it. The SDK sends an Idempotency-Key with the
 * POST, so a retry after a lost answer does it once.
 */
export function Action({
  label,
  question,
  run,
  done,
}: {
  label: string;
  question: string;
  run: () => Promise<unknown>;
  done: () => void;
}) {
  const [step, setStep] = useState<'idle' | 'asking' | 'running'>('idle');
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const confirm = async () => {
    setStep('running');
    try {
      await run();
      setOutcome({ ok: true, text: `${label}: done` });
      done();
    } catch (error) {
      setOutcome({
        ok: false,
        text: error instanceof BillyError ? `${error.errorClass}: ${error.message}` : String(error),
      });
    }
    setStep('idle');
  };
  return (
    <span className="action">
      {step === 'asking' ? (
        <span role="dialog" aria-label={question}>
          {question}{' '}
          <button type="button" onClick={() => void confirm()}>
            Confirm
          </button>
          <button type="button" onClick={() => setStep('idle')}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" disabled={step === 'running'} onClick={() => setStep('asking')}>
          {label}
        </button>
      )}
      {outcome && (
        <span role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'ok' : 'error'}>
          {outcome.text}
        </span>
      )}
    </span>
  );
}

export const Field = ({ label, children }: { label: string; children: ReactNode }) => (
  <label className="field">
    <span>{label}</span>
    {children}
  </label>
);
