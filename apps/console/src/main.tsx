import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Outlet, RouterProvider } from 'react-router-dom';
import { ErrorMessage, Layout } from './components';
import { CustomerPage, Customers } from './pages/customers';
import { Developers, WebhookEndpointPage } from './pages/developers';
import { FailedPayments } from './pages/failed-payments';
import { InvoicePage, Invoices } from './pages/invoices';
import { Overview } from './pages/overview';
import { SignIn } from './pages/sign-in';
import { SubscriptionPage, Subscriptions } from './pages/subscriptions';
import { clientFor, forgetApiKey, saveApiKey, savedApiKey, type Session, SessionContext } from './session';
import './styles.css';

/** Every page of a signed-in console; each has a URL, so links and the back button work. */
const router = createBrowserRouter(
  [
    {
      element: (
        <Layout>
          <Outlet />
        </Layout>
      ),
      errorElement: <ErrorMessage error={new Error('This page does not exist.')} />,
      children: [
        { path: '/', element: <Overview /> },
        { path: '/customers', element: <Customers /> },
        { path: '/customers/:guid', element: <CustomerPage /> },
        { path: '/subscriptions', element: <Subscriptions /> },
        { path: '/subscriptions/:guid', element: <SubscriptionPage /> },
        { path: '/invoices', element: <Invoices /> },
        { path: '/invoices/:guid', element: <InvoicePage /> },
        { path: '/failed-payments', element: <FailedPayments /> },
        { path: '/developers', element: <Developers /> },
        { path: '/developers/webhook-endpoints/:guid', element: <WebhookEndpointPage /> },
      ],
    },
  ],
  { basename: '/console' },
);

function Console() {
  const [apiKey, setApiKey] = useState(savedApiKey);
  const session = useMemo<Session | null>(
    () =>
      apiKey === null
        ? null
        : {
            apiKey,
            billy: clientFor(apiKey),
            signOut: () => {
              forgetApiKey();
              setApiKey(null);
            },
          },
    [apiKey],
  );
  if (!session) {
    return (
      <SignIn
        onSignedIn={(key) => {
          saveApiKey(key);
          setApiKey(key);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <RouterProvider router={router} />
    </SessionContext.Provider>
  );
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <Console />
  </StrictMode>,
);
