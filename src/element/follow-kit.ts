/**
 * What the element needs once an address is on screen, and not before: the payment's status stream, the screens once
 * a payment is seen (payment seen, remainder, receipt, cancelled, expired) and the announcements of the time left. One chunk, loaded after the address
 * has been painted (or at once when a settled screen is due, or a mode follows a checkout without an address), so
 * that it never delays the QR: no payment can be seen before the customer has seen where to send it.
 */
export { PaymentStatusController } from './controllers/payment-status-controller.js';
export { settledScreen } from './views/settled.js';
export { timeLeftAnnouncement } from './views/time-left.js';
