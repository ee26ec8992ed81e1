/** Alpaca market-data hosts and stream paths. */
export type AlpacaStockFeed = 'iex' | 'sip' | 'delayed_sip' | 'test';
/** Crypto locations: Alpaca US, Kraken US, Kraken EU. */
export type AlpacaCryptoLocation = 'us' | 'us-1' | 'eu-1';

export const ALPACA_HOSTS = {
  stream: 'wss://stream.data.alpaca.markets',
  sandboxStream: 'wss://stream.data.sandbox.alpaca.markets',
  data: 'https://data.alpaca.markets',
} as const;

export function alpacaStockStreamUrl(feed: AlpacaStockFeed, base: string = ALPACA_HOSTS.stream): string {
  return `${base.replace(/\/+$/, '')}/v2/${feed}`;
}

export function alpacaCryptoStreamUrl(location: AlpacaCryptoLocation, base: string = ALPACA_HOSTS.stream): string {
  return `${base.replace(/\/+$/, '')}/v1beta3/crypto/${location}`;
}
