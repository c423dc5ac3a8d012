/**
 * Deepest offset any list serves (search or filter to reach further). Beyond it the API answers
 * 400 naming `offset`, instead of handing the database a number it cannot take.
 */
export const MAX_LIST_OFFSET = 100_000;
