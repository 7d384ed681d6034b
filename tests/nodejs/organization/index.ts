// Names built from the organization, as pulumi/training's exercises do.
import * as pulumi from "@pulumi/pulumi";

export const baseName = `${pulumi.getOrganization()}-${pulumi.getStack()}`.toLowerCase();
