import { useState } from 'react';
import type { RevenueReport } from '@billy/client';
import { ErrorMessage, money, Show, Table } from '../components';
import { useBilly, useSession } from '../session';
import { useApi } from '../use-api';

/** Net revenue per day of one currency as bars: the last 30 days, empty days included. */
function RevenueChart({ report, currency }: { report: RevenueReport; currency: string }) {
  const days: string[] = [];
  for (
    let day = new Date(`${report.from}T00:00:00Z`);
    day <= new Date(`${report.to}T00:00:00Z`);
    day = new Date(day.getTime() + 86_400_000)
  ) {
    days.push(day.toISOString().slice(0, 10));
  }
  const net = new Map(report.days.filter((day) => day.currency === currency).map((day) => [day.date, day.net]));
  const highest = Math.max(1, ...days.map((day) => Math.abs(net.get(day) ?? 0)));
  return (
    <svg
      role="img"
      aria-label={`Revenue per day in ${currency}`}
      viewBox={`0 0 ${days.length * 10} 100`}
      preserveAspectRatio="none"
      className="chart"
    >
      {days.map((day, index) => {
        const height = (Math.abs(net.get(day) ?? 0) / highest) * 95;
        return (
          <rect key={day} x={index * 10 + 1} y={100 - height} width={8} height={height}>
            <title>{`${day}: ${money(net.get(day) ?? 0, currency)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

/** The invoices as CSV: fetched with the key (a link cannot carry it), then saved. */
function ExportButton() {
  const { apiKey } = useSession();
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    const response = await fetch('/v1/exports/invoices.csv', {
      headers: { Authorization: `Basic ${btoa(`${apiKey}:`)}` },
    });
    if (!response.ok) return setError(new Error(`The export failed: HTTP ${response.status}`));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = 'invoices.csv';
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <>
      <button type="button" onClick={() => void download()}>
        Download invoices (CSV)
      </button>
      {error !== null && <ErrorMessage error={error} />}
    </>
  );
}

export function Overview() {
  const billy = useBilly();
  const summary = useApi(() => billy.reports.summary(), [billy]);
  const revenue = useApi(() => billy.reports.revenue({}), [billy]);
  return (
    <section>
      <h1>Overview</h1>
      <Show loaded={summary}>
        {(data) => (
          <div className="tiles">
            <div className="tile">
              <h2>MRR</h2>
              {data.mrr.length === 0 ? (
                <p>None yet</p>
              ) : (
                data.mrr.map((row) => (
                  <p key={row.currency} data-testid={`mrr-${row.currency}`}>
                    {money(row.amount, row.currency)}
                  </p>
                ))
              )}
            </div>
            {(['active', 'trialing', 'past_due'] as const).map((status) => (
              <div className="tile" key={status}>
                <h2>{status.replace('_', '-')}</h2>
                <p data-testid={`count-${status}`}>{data.subscriptions[status]}</p>
              </div>
            ))}
            <div className="tile">
              <h2>Failed payments this week</h2>
              <p data-testid="failed-payments">{data.failed_payments_last_7_days}</p>
            </div>
          </div>
        )}
      </Show>
      <h2>Revenue, last 30 days</h2>
      <Show loaded={revenue}>
        {(report) => {
          const currencies = [...new Set(report.days.map((day) => day.currency))];
          if (currencies.length === 0) return <p className="empty">No money settled in these 30 days.</p>;
          return (
            <>
              {currencies.map((currency) => (
                <figure key={currency}>
                  <RevenueChart report={report} currency={currency} />
                  <figcaption>{currency.toUpperCase()}</figcaption>
                </figure>
              ))}
              <Table
                rows={report.days}
                empty=""
                columns={[
                  { label: 'Day', render: (day) => day.date },
                  { label: 'Settled', render: (day) => money(day.settled, day.currency) },
                  { label: 'Refunded', render: (day) => money(day.refunded, day.currency) },
                  { label: 'Net', render: (day) => money(day.net, day.currency) },
                ]}
              />
            </>
          );
        }}
      </Show>
      <ExportButton />
    </section>
  );
}
