// What class-validator's IsPhoneNumber gets in the engine's bundle for libphonenumber-js/max
// (scripts/bundle-engine.js): the same parsePhoneNumber, loaded with its metadata on first call.
let max;
exports.parsePhoneNumber = (...args) => (max ??= require('libphonenumber-js/max')).parsePhoneNumber(...args);
