/**
 * Alpaca stream error codes (`[{"T":"error","code":…,"msg":…}]`) with what each means for
 * the client: keep going, reconnect, or stop for good (the cause needs a human).
 */
export type AlpacaErrorAction = 'log' | 'reconnect' | 'fatal';

export interface AlpacaErrorInfo {
  readonly action: AlpacaErrorAction;
  readonly explanation: string;
}

export const ALPACA_ERRORS: Readonly<Record<number, AlpacaErrorInfo>> = {
  400: { action: 'log', explanation: 'invalid syntax: a message the client sent was not understood' },
  401: { action: 'reconnect', explanation: 'not authenticated: a message was sent before authentication completed' },
  402: {
    action: 'fatal',
    explanation: 'authentication failed: check ALPACA_API_KEY_ID / ALPACA_API_SECRET_KEY (paper and live keys differ)',
  },
  403: { action: 'log', explanation: 'already authenticated: a second auth message was ignored' },
  404: {
    action: 'reconnect',
    explanation: 'authentication timeout: auth must be sent within a few seconds of connecting',
  },
  405: {
    action: 'log',
    explanation:
      'symbol limit exceeded: the subscription was refused and the previous one stays (free IEX: 30 symbols across trades and quotes)',
  },
  406: {
    action: 'fatal',
    explanation:
      'connection limit exceeded: most plans allow one connection per endpoint; another process is using this key on this feed',
  },
  407: {
    action: 'log',
    explanation: 'slow client: the server is dropping messages because this client reads too slowly',
  },
  408: { action: 'fatal', explanation: 'market data v2 is not enabled for this account' },
  409: {
    action: 'fatal',
    explanation:
      'insufficient subscription: the plan does not include this feed (e.g. sip without a paid plan; use iex)',
  },
  500: { action: 'reconnect', explanation: 'internal server error' },
};

export function alpacaErrorInfo(code: number): AlpacaErrorInfo {
  return ALPACA_ERRORS[code] ?? { action: 'log', explanation: 'undocumented error code' };
}
