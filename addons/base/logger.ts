import pino from 'pino';

/**
 * The server's structured log, on stderr (stdout carries what users read: the ready line, CLI
 * output). Callers log messages and identifiers, never credentials: nothing here redacts them.
 */
export const logger = pino({ name: 'erp', level: process.env.ERP_LOG_LEVEL ?? 'info' }, pino.destination(2));
