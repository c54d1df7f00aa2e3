// Browser tests run in @web/test-runner's mocha, whose `describe`/`it` are globals.
/// <reference types="mocha" />
