/** Alerts printed to the terminal (or any writer): always available, no configuration. */
import type { Alert } from '../alert.js';
import { alertText } from '../format.js';
import type { RateLimit } from '../token-bucket.js';
import type { AlertChannel, DeliveryContext } from './channel.js';

export class ConsoleChannel implements AlertChannel {
  readonly type = 'console';

  constructor(
    readonly name: string,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
    readonly rateLimit: RateLimit | null = null,
  ) {}

  async send(alert: Alert, _context?: DeliveryContext): Promise<void> {
    this.write(`${alertText(alert)}\n`);
  }
}
