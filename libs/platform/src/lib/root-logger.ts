import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';
import type { BillyConfig } from '@billy/config';
import { LOG_REDACTION } from './log-redaction';
import { readableLogMessage, SAID_IN_MESSAGE } from './readable-log-message';

/**
 * The process's one pino logger: JSON lines for log collectors, readable
 * lines on a terminal (LOG_FORMAT=auto), written synchronously either way so
 * that the last lines before a crash are not lost. Credentials are censored
 * (LOG_REDACTION).
 */
export function createRootLogger(config: BillyConfig, component: string): Logger {
  const options = { level: config.logLevel, base: { component }, redact: LOG_REDACTION };
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  if (!readable) return pino(options);
  const stream = pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    messageFormat: readableLogMessage,
    ignore: SAID_IN_MESSAGE.join(','),
  });
  return pino(options, stream);
}
