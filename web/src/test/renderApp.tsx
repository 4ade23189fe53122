import { render } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router';
import App from '../App';
import AppProviders from '../AppProviders';

let currentPath = '';

function LocationProbe() {
  const location = useLocation();
  currentPath = location.pathname;
  return null;
}

/** Renders the whole app at `path` as the browser would, with an in-memory router. */
export function renderApp(path: string) {
  const result = render(
    <MemoryRouter initialEntries={[path]}>
      <AppProviders>
        <App />
        <LocationProbe />
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...result, path: () => currentPath };
}
