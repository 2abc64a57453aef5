//! The portal's wire contract: request and response types shared by the SPA and the server.
