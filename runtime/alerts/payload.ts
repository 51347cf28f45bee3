// The body each webhook format expects: Slack (`text`), Teams (MessageCard), or the event as plain JSON.
import type { AlertEvent, Format } from './types.ts';

const title = (e: AlertEvent): string =>
  `${e.status === 'firing' ? '[FIRING]' : '[RESOLVED]'} ferry ${e.tenant}: ${e.text}`;

export function payload(format: Format, e: AlertEvent): unknown {
  switch (format) {
    case 'slack':
      return { text: title(e) };
    case 'teams':
      return {
        '@type': 'MessageCard',
        '@context': 'https://schema.org/extensions',
        summary: title(e),
        themeColor: e.status === 'firing' ? 'D7263D' : '2EB67D',
        title: title(e),
        sections: [
          {
            facts: [
              { name: 'tenant', value: e.tenant },
              { name: 'condition', value: e.kind },
              ...(e.flow === null ? [] : [{ name: 'flow', value: e.flow }]),
              { name: 'at', value: e.at },
            ],
          },
        ],
      };
    case 'json':
      return e;
  }
}
