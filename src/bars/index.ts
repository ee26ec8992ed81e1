/** Public API of tick → bar aggregation: bar builders and trading-session calendars. */
export { BarBuilder } from './bar-builder.js';
export type { BarBuilderConfig, BarBuilderState, BarEvent, BarIngestOutcome } from './bar-builder.js';
export type { FlatRunState, WindowState } from './bar-window.js';
export { DEFAULT_TIMEFRAMES, SymbolBars } from './symbol-bars.js';
export type { SymbolBarIngest, SymbolBarsConfig, SymbolBarsState } from './symbol-bars.js';
export { CALENDAR_NAMES, calendarFor, nyseExtendedSessions, nyseRegularSessions, utcDaySessions } from './sessions.js';
export { forexSessions } from './forex-sessions.js';
export type { CalendarName, NyseCalendarOptions, Session, SessionCalendar } from './sessions.js';
export { isNewYorkDaylightTime, newYorkUtcOffset } from './new-york-time.js';
export { isNyseHoliday, nyseEarlyCloseMinutes } from './nyse-holidays.js';
