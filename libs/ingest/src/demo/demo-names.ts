/** Believable names for the demo shop, per locale (incl. ä, ö, ü, ß, ł, ś, ż). */
export const DEMO_NAMES = {
  de: {
    first: ['Jürgen', 'Anna', 'Lukas', 'Sophie', 'Jörg', 'Mia', 'Felix', 'Lea', 'Björn', 'Hannah', 'Maximilian', 'Emilia', 'Tobias', 'Käthe', 'Paul', 'Lena', 'Sören', 'Greta', 'Jonas', 'Marie'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weiß', 'Becker', 'Schäfer', 'Köhler', 'Hoffmann', 'Krüger', 'Wagner', 'Böhm', 'Zimmermann', 'Braun', 'Groß', 'Hartmann', 'Lange', 'Schröder', 'Vogel', 'Jäger'],
  },
  pl: {
    first: ['Łukasz', 'Agnieszka', 'Paweł', 'Małgorzata', 'Michał', 'Zofia', 'Wojciech', 'Katarzyna', 'Jakub', 'Ewa', 'Tomasz', 'Joanna', 'Krzysztof', 'Magdalena', 'Piotr', 'Aleksandra', 'Bartłomiej', 'Dorota', 'Grzegorz', 'Alicja'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Kwiatkowski', 'Krawczyk', 'Piotrowski', 'Grabowski', 'Nowakowski', 'Pawłowski'],
  },
  en: {
    first: ['Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily', 'Noah', 'Grace', 'James', 'Olivia', 'William', 'Sophia', 'Ethan', 'Chloé', 'Liam', 'Zoë', 'Lucas', 'Charlotte'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', "O'Connor", 'Clarke', 'Jackson'],
  },
} as const;

/** Where demo customers live: zone, locale, phone number pattern (# = a digit), share of customers. */
export const DEMO_REGIONS = [
  { zone: 'Europe/Berlin', locale: 'de', phone: '+49151########', weight: 40 },
  { zone: 'Europe/Warsaw', locale: 'pl', phone: '+48512######', weight: 22 },
  { zone: 'Europe/London', locale: 'en', phone: '+447400######', weight: 15 },
  { zone: 'America/New_York', locale: 'en', phone: '+1201555####', weight: 13 },
  { zone: 'Australia/Sydney', locale: 'en', phone: '+61412######', weight: 7 },
  { zone: 'Pacific/Kiritimati', locale: 'en', phone: null, weight: 3 },
] as const;

/** A small shop: tea, coffee and brewing gear. Prices in minor units (EUR). */
export const DEMO_PRODUCTS = [
  { sku: 'TEA-SENCHA', name: 'Sencha green tea 100 g', price: 1290, stock: 42 },
  { sku: 'TEA-EARLGREY', name: 'Earl Grey 100 g', price: 990, stock: 35 },
  { sku: 'TEA-MATCHA', name: 'Ceremonial matcha 30 g', price: 2890, stock: 0 },
  { sku: 'TEA-ROOIBOS', name: 'Rooibos vanilla 100 g', price: 890, stock: 18 },
  { sku: 'TEA-GYOKURO', name: 'Gyokuro Asahi 50 g', price: 3490, stock: 0 },
  { sku: 'COF-ETHIOPIA', name: 'Ethiopia Yirgacheffe beans 250 g', price: 1450, stock: 27 },
  { sku: 'COF-COLOMBIA', name: 'Colombia Huila beans 250 g', price: 1290, stock: 31 },
  { sku: 'COF-DECAF', name: 'Swiss-water decaf 250 g', price: 1390, stock: 12 },
  { sku: 'COF-ESPRESSO', name: 'House espresso blend 1 kg', price: 3990, stock: 9 },
  { sku: 'GRD-HAND', name: 'Ceramic hand grinder', price: 6900, stock: 0 },
  { sku: 'GRD-ELECTRIC', name: 'Conical burr grinder', price: 24900, stock: 4 },
  { sku: 'BRW-V60', name: 'V60 dripper, porcelain', price: 2900, stock: 15 },
  { sku: 'BRW-CHEMEX', name: 'Chemex 6 cup', price: 5490, stock: 6 },
  { sku: 'BRW-KETTLE', name: 'Gooseneck kettle 0.9 l', price: 8900, stock: 0 },
  { sku: 'BRW-ESPRESSO', name: 'Dual-boiler espresso machine', price: 189000, stock: 2 },
  { sku: 'CUP-KYUSU', name: 'Tokoname kyusu teapot', price: 7900, stock: 3 },
  { sku: 'CUP-SET', name: 'Stoneware cup set (4)', price: 4400, stock: 11 },
  { sku: 'ACC-SCALE', name: 'Brewing scale with timer', price: 3900, stock: 20 },
  { sku: 'ACC-FILTERS', name: 'Paper filters (100)', price: 590, stock: 80 },
  { sku: 'GFT-CARD', name: 'Gift card', price: 5000, stock: 999 },
] as const;
