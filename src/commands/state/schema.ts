/** The JSON Schema of the cluster file; docs/cluster.schema.json is the same (a unit test checks it) for editors. */
export const CLUSTER_SCHEMA = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://github.com/kafka-cli/kafka-cli/docs/cluster.schema.json",
  "title": "kafka-cli cluster file (kafka-cli export / plan / apply)",
  "description": "The desired state of a Kafka cluster. A section left out is not managed: nothing in it is compared or pruned.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "topics": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "name",
          "partitions",
          "replicationFactor"
        ],
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 249,
            "pattern": "^[a-zA-Z0-9._-]+$"
          },
          "partitions": {
            "type": "integer",
            "minimum": 1
          },
          "replicationFactor": {
            "type": "integer",
            "minimum": 1
          },
          "configs": {
            "description": "Configs set on the topic itself; a config left out takes the broker default.",
            "type": "object",
            "additionalProperties": {
              "type": [
                "string",
                "number",
                "boolean"
              ]
            }
          }
        }
      }
    },
    "acls": {
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "principal",
          "operation",
          "permission",
          "resourceType",
          "resourceName"
        ],
        "properties": {
          "principal": {
            "type": "string",
            "pattern": "^[^:]+:.+$"
          },
          "host": {
            "type": "string",
            "default": "*"
          },
          "operation": {
            "enum": [
              "all",
              "read",
              "write",
              "create",
              "delete",
              "alter",
              "describe",
              "cluster-action",
              "describe-configs",
              "alter-configs",
              "idempotent-write"
            ]
          },
          "permission": {
            "enum": [
              "allow",
              "deny"
            ]
          },
          "resourceType": {
            "enum": [
              "topic",
              "group",
              "cluster",
              "transactional-id",
              "delegation-token"
            ]
          },
          "resourceName": {
            "type": "string",
            "minLength": 1
          },
          "patternType": {
            "enum": [
              "literal",
              "prefixed"
            ],
            "default": "literal"
          }
        }
      }
    },
    "users": {
      "description": "SCRAM user names. Passwords are never in the file: apply cannot create a user, only prune one.",
      "type": "array",
      "items": {
        "type": "string",
        "minLength": 1
      }
    },
    "quotas": {
      "description": "Client quotas, one entry per entity: user, client-id (alone or together) or ip (alone), each a name or <default> for the default entity, and its quota values. A quota on the cluster but not in the file is removed only with --prune.",
      "type": "array",
      "items": {
        "type": "object",
        "additionalProperties": false,
        "properties": {
          "user": { "description": "A user principal name, or <default>.", "type": "string", "minLength": 1 },
          "client-id": { "description": "A client id, or <default>.", "type": "string", "minLength": 1 },
          "ip": { "description": "An IP address, or <default>; only connection_creation_rate.", "type": "string", "minLength": 1 },
          "producer_byte_rate": { "type": "number", "exclusiveMinimum": 0 },
          "consumer_byte_rate": { "type": "number", "exclusiveMinimum": 0 },
          "request_percentage": { "type": "number", "exclusiveMinimum": 0 },
          "controller_mutation_rate": { "type": "number", "exclusiveMinimum": 0 },
          "connection_creation_rate": { "type": "number", "exclusiveMinimum": 0 }
        }
      }
    },
    "schemaRegistry": {
      "description": "Schema Registry compatibility levels (needs --schema-registry). Only subjects with their own level are listed; --prune removes a subject's own level.",
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "compatibility": { "description": "The global level.", "enum": ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"] },
        "subjects": { "type": "object", "additionalProperties": { "enum": ["BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE"] } }
      }
    }
  }
} as const;
