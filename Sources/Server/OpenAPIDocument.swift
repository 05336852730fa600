/// The REST API's OpenAPI description, served at `/openapi.yaml`. The same text is the file
/// `openapi.yaml` at the repository root (a test keeps the two equal).
enum OpenAPIDocument {
    static let yaml = #"""
openapi: 3.0.3
info:
  title: worldpop-dhis2 serve
  version: 0.2.0
  description: |
    Preview WorldPop population denominators for DHIS2 org units, import them, follow jobs, and
    undo runs. Jobs run one at a time. When the server is bound beyond loopback every call needs
    the access key in the X-Access-Key header. Calls that change something (POST) and are not
    authenticated by that header (a browser with the key's cookie, or any client on loopback
    without a key) also need an anti-forgery token: X-CSRF-Token equal to the
    worldpop_dhis2_csrf cookie, both from GET /api/session (or the page); otherwise 403.
    Population data: WorldPop (www.worldpop.org), CC BY 4.0.
servers:
  - url: http://127.0.0.1:8080
security:
  - accessKey: []
components:
  securitySchemes:
    accessKey:
      type: apiKey
      in: header
      name: X-Access-Key
    antiForgeryToken:
      type: apiKey
      in: header
      name: X-CSRF-Token
      description: From GET /api/session, with its cookie; for POST calls not sent with X-Access-Key.
  schemas:
    Error:
      type: object
      required: [error]
      properties:
        error: {type: string, description: What is wrong and how to fix it.}
    JobRequest:
      type: object
      required: [kind]
      properties:
        kind: {type: string, enum: [preview, sync, undo]}
        years: {type: string, example: "2020-2025", description: "2020, 2020-2025 or 2020,2022; default from the config"}
        levels: {type: string, example: "2", description: "3, 2,3 or 2-4; default from the config"}
        product: {type: string, enum: [total, agesex]}
        dryRun: {type: boolean}
        run: {type: integer, format: int64, description: For undo, the audit run to revert.}
    Me:
      type: object
      properties:
        signIn: {type: boolean}
        username: {type: string}
        mayImport: {type: boolean, description: The DHIS2 account has the authorities to import and undo.}
        expires: {type: string, format: date-time}
    Progress:
      type: object
      properties:
        label: {type: string}
        fraction: {type: number}
    Job:
      type: object
      required: [id, kind, status, trigger, createdAt]
      properties:
        id: {type: integer, format: int64}
        kind: {type: string, enum: [preview, sync, undo]}
        status: {type: string, enum: [queued, running, succeeded, failed]}
        trigger: {type: string, enum: [api, schedule]}
        createdAt: {type: string, format: date-time}
        startedAt: {type: string, format: date-time}
        finishedAt: {type: string, format: date-time}
        error: {type: string}
        runId: {type: integer, format: int64, description: The audit run of a sync or undo.}
        request: {$ref: "#/components/schemas/JobRequest"}
        progress: {$ref: "#/components/schemas/Progress"}
        results:
          type: object
          additionalProperties: {type: string}
          description: Links to the results by format (json, csv, geojson, html).
    Run:
      type: object
      properties:
        id: {type: integer, format: int64}
        kind: {type: string}
        status: {type: string}
        startedAt: {type: string, format: date-time}
        finishedAt: {type: string, format: date-time}
        user: {type: string}
        server: {type: string}
        command: {type: string}
        summary: {type: string}
        undoneBy: {type: integer, format: int64}
    Status:
      type: object
      properties:
        target: {type: string, description: The DHIS2 server (no credentials).}
        product: {type: string}
        defaults: {$ref: "#/components/schemas/JobRequest"}
        schedule: {type: string}
        nextScheduledSync: {type: string, format: date-time}
        accessKeyRequired: {type: boolean}
  responses:
    BadRequest:
      description: The request is invalid.
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    Unauthorized:
      description: The access key is missing or wrong.
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    Forbidden:
      description: A POST without the X-Access-Key header lacks a valid X-CSRF-Token (reload the page, or GET /api/session).
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
    NotFound:
      description: No such job or run.
      content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
paths:
  /api/login:
    post:
      summary: With serve --sign-in, sign in with a DHIS2 username and password (checked by DHIS2, never stored); sets the session cookie.
      security: [{antiForgeryToken: []}]
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, required: [username, password], properties: {username: {type: string}, password: {type: string}}}}}
      responses:
        "200":
          description: Signed in
          content: {application/json: {schema: {$ref: "#/components/schemas/Me"}}}
        "400": {description: No username or password, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        "401": {description: DHIS2 refused the username and password, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {description: Sign-in is not enabled, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /api/me:
    get:
      summary: "Who is signed in (signIn false when sign-in is not enabled)."
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Me"}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
  /api/logout:
    post:
      summary: Ends this session.
      responses:
        "200": {description: Signed out}
        "403": {$ref: "#/components/responses/Forbidden"}
  /api/session:
    get:
      summary: An anti-forgery token for this client's session (also set as the worldpop_dhis2_csrf cookie).
      responses:
        "200":
          description: OK
          content: {application/json: {schema: {type: object, properties: {csrfToken: {type: string}}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
  /api/status:
    get:
      summary: The configured target, defaults and schedule.
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Status"}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
  /api/jobs:
    get:
      summary: The latest jobs, newest first.
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Job"}}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
    post:
      summary: Start a preview, a sync or an undo (validated first, then queued).
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/JobRequest"}}}
      responses:
        "202": {description: Queued, content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {description: The run was already undone., content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /api/jobs/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
    get:
      summary: A job with its progress.
      responses:
        "200": {description: OK, content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
  /api/jobs/{id}/results:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
      - {name: format, in: query, schema: {type: string, enum: [json, csv, geojson, html], default: json}}
    get:
      summary: The populations of a finished preview or sync.
      responses:
        "200":
          description: OK
          content:
            application/json: {schema: {type: object}}
            text/csv: {schema: {type: string}}
            application/geo+json: {schema: {type: object}}
            text/html: {schema: {type: string}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {description: The job has no results (yet)., content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /api/runs:
    get:
      summary: The runs of the audit log, newest first.
      responses:
        "200": {description: OK, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Run"}}}}}
        "401": {$ref: "#/components/responses/Unauthorized"}
  /api/runs/{id}/undo:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
    post:
      summary: Queue an undo of the run (deletes what it created, restores what it overwrote).
      responses:
        "202": {description: Queued, content: {application/json: {schema: {$ref: "#/components/schemas/Job"}}}}
        "400": {$ref: "#/components/responses/BadRequest"}
        "401": {$ref: "#/components/responses/Unauthorized"}
        "403": {$ref: "#/components/responses/Forbidden"}
        "404": {$ref: "#/components/responses/NotFound"}
        "409": {description: Already undone., content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}

"""#
}
