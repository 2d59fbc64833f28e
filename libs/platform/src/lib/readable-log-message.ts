/** The fields of a log line that its readable message already says, so a terminal shows each once. */
export const SAID_IN_MESSAGE = ['pid', 'hostname', 'component', 'context', 'req', 'res', 'responseTime'];

interface LogLine {
  component?: unknown;
  context?: unknown;
  req?: { method?: unknown; url?: unknown };
  res?: { statusCode?: unknown };
  responseTime?: unknown;
  [key: string]: unknown;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/**
 * A log line as a person reads it on a terminal: `gateway: GET /v1/customers 200 3 ms` for an answered
 * request, `gateway [Context]: message` for anything else.
 */
export function readableLogMessage(log: LogLine, messageKey: string): string {
  const where = `${text(log.component)}${log.context ? ` [${text(log.context)}]` : ''}`;
  if (log.req && log.res && log.responseTime !== undefined) {
    const { method, url } = log.req;
    return `${where}: ${text(method)} ${text(url)} ${text(log.res.statusCode)} ${text(log.responseTime)} ms`;
  }
  return `${where}: ${text(log[messageKey])}`;
}
