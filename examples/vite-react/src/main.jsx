import { createRoot } from 'react-dom/client';
import { App } from './App.jsx';

// No <StrictMode> here: its doubled effects in development would open two orders.
createRoot(document.getElementById('root')).render(<App />);
