/** Dark and light themes: CSS variables for the page, colours for the canvas charts. */
export type ThemeName = 'dark' | 'light';

export interface ThemeColors {
  readonly background: string;
  readonly text: string;
  readonly grid: string;
  readonly up: string;
  readonly down: string;
  readonly upVolume: string;
  readonly downVolume: string;
}

export const THEME_COLORS: Readonly<Record<ThemeName, ThemeColors>> = {
  dark: {
    background: '#0f1419',
    text: '#c9d1d9',
    grid: '#1f2933',
    up: '#26a69a',
    down: '#ef5350',
    upVolume: 'rgba(38,166,154,0.45)',
    downVolume: 'rgba(239,83,80,0.45)',
  },
  light: {
    background: '#ffffff',
    text: '#1f2933',
    grid: '#eef1f4',
    up: '#089981',
    down: '#f23645',
    upVolume: 'rgba(8,153,129,0.35)',
    downVolume: 'rgba(242,54,69,0.35)',
  },
};

const STORAGE_KEY = 'tickwatch.theme';

export function initialTheme(): ThemeName {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'dark' || stored === 'light') return stored;
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export function applyTheme(theme: ThemeName): void {
  document.documentElement.dataset['theme'] = theme;
  localStorage.setItem(STORAGE_KEY, theme);
}
