// Every subpath of the client and the server kit, checked as a program of its own with
// skipLibCheck off and no DOM library (tsconfig.kit.json): their declarations must name only
// packages they depend on, and only what Node's types have. (The main program skips library
// checks because hono's types need the DOM library.)
import * as client from "@admit/client";
import * as contract from "@admit/client/contract";
import * as kit from "@admit/server-kit";
import * as express from "@admit/server-kit/express";
import * as fastify from "@admit/server-kit/fastify";
import * as sandbox from "@admit/server-kit/sandbox";
import * as stripe from "@admit/server-kit/stripe";

export const modules = [client, contract, kit, express, fastify, sandbox, stripe];
