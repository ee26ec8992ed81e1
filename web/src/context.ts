/** What every page may need: the signed-in user and the theme. */
import { createContext, useContext } from 'react';
import type { Me } from './api/types.js';
import type { ThemeColors, ThemeName } from './lib/theme.js';

export interface AppContextValue {
  readonly me: Me;
  readonly theme: ThemeName;
  readonly colors: ThemeColors;
  readonly canLabel: boolean;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp outside the signed-in app');
  return value;
}
