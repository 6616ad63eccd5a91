/** Another language's texts for one area: exactly the English area's keys, each a string. */
export type Translation<English> = { readonly [K in keyof English]: string };
