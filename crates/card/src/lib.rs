//! Pure card logic: brands, Luhn, lengths, formatting, expiry, security code, postal codes.
