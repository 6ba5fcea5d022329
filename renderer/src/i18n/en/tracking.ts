/**
 * Messages of order tracking (the calm banner when MultiSafepay is not answering, the status
 * changes on an order's timeline) and of the payment-link board. Same keys in en, nl and fr
 * (the type of nl and fr is that of en). Plain strings, no @ | $ { } outside placeholders.
 */
const tracking = {
  nav: {
    links: 'Payment links',
    linksShortcut: 'Payment links (Alt+L)',
  },
  tracking: {
    region: 'Following payments',
    open: 'MultiSafepay isn’t answering for profile {profile}; the console tries again at {time}.',
    half_open: 'Checking whether MultiSafepay answers again for profile {profile}…',
    rate_limited: 'MultiSafepay asked the console to slow down for profile {profile}; it asks again at {time}.',
    statusChanges: 'Status changes',
    statusChangesHint: 'What the console learned from MultiSafepay, and when. It keeps asking until the order is final.',
    changeStatus: 'Status: {status}',
    changeFinancial: 'Payment: {status}',
  },
  links: {
    heading: 'Payment links',
    intro: 'Open payment links of this environment: not paid, not cancelled and not expired yet. The list updates by itself.',
    views: 'Show',
    open: 'All open ({count})',
    expiring: 'Expiring within 24 hours ({count})',
    unpaid: 'Unpaid after {days} days ({count})',
    unpaidDays: 'Days without payment',
    empty: 'No payment links to show here.',
    loadFailed: 'The payment links could not be read.',
    customer: 'Customer and description',
    amount: 'Amount',
    age: 'Created',
    expires: 'Expires',
    actions: 'Actions',
    noExpiry: 'Unknown',
    copyLink: 'Copy link',
    copyLinkLabel: 'Copy the payment link of order {orderId}',
    message: 'Message',
    messageLabel: 'Show the customer message for order {orderId}',
    hideMessage: 'Hide message',
    cancel: 'Cancel',
    cancelLabel: 'Cancel the payment link of order {orderId}',
    cancelTitle: 'Cancel this payment link?',
    cancelBody: 'The customer can no longer pay {amount} with the link of order {orderId}. This cannot be undone.',
    cancelConfirm: 'Cancel the link',
    cancelKeep: 'Keep it',
    clone: 'Clone as new link',
    cloneLabel: 'Make a new payment link like order {orderId}',
    noExtend: 'MultiSafepay cannot extend a payment link once it is made. To give the customer more time, clone it as a new link (and cancel the old one).',
  },
};

export type TrackingMessages = typeof tracking;
export default tracking;
