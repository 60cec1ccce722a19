/**
 * The OVOC server certificate directory's file names. The guidelines do not say which
 * intermediate is which; Certwright's convention is root → ca1 → ca2 → server.
 */
export const SERVER_SET_FILES = {
  root: 'root.crt',
  intermediates: ['ca1.crt', 'ca2.crt'],
  server: 'server.crt',
  all: ['root.crt', 'ca1.crt', 'ca2.crt', 'server.crt'],
} as const;
