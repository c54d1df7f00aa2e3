import { generateKeyPairSync } from "node:crypto";
import forge from "node-forge";

/** Test pass certificates: a stand-in WWDR authority and a pass signer it issued. */
export interface TestPassCertificates {
  /** PEM of the stand-in WWDR (Apple's intermediate in real life). */
  wwdr: string;
  /** PEM of the Pass Type ID certificate. */
  signerCert: string;
  /** PEM of its private key (unencrypted). */
  signerKey: string;
}

function certificate(
  subject: forge.pki.CertificateField[],
  issuer: { subject: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey },
  publicKey: forge.pki.rsa.PublicKey,
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer.subject);
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return cert;
}

function rsaKeys(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // node:crypto makes the key (fast); forge builds the certificates around it.
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(
    privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  ) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

/**
 * Make pass certificates for a test: never Apple's, so Wallet would refuse the passes, but the
 * signature is real PKCS#7 over the manifest and verifies against `wwdr` (`openssl smime`).
 */
export function makeTestPassCertificates(passTypeIdentifier: string): TestPassCertificates {
  const authority = rsaKeys();
  const authoritySubject = [
    { name: "commonName", value: "Test WWDR Authority" },
    { name: "organizationName", value: "Admit tests" },
  ];
  const wwdr = certificate(
    authoritySubject,
    { subject: authoritySubject, key: authority.privateKey },
    authority.publicKey,
    [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  );
  const signer = rsaKeys();
  const signerCert = certificate(
    [
      { name: "commonName", value: `Pass Type ID: ${passTypeIdentifier}` },
      { type: "0.9.2342.19200300.100.1.1", value: passTypeIdentifier }, // UID
      { name: "organizationalUnitName", value: "A1B2C3D4E5" },
    ],
    { subject: authoritySubject, key: authority.privateKey },
    signer.publicKey,
    [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true },
      { name: "extKeyUsage", clientAuth: true, emailProtection: true, codeSigning: true },
    ],
  );
  return {
    wwdr: forge.pki.certificateToPem(wwdr),
    signerCert: forge.pki.certificateToPem(signerCert),
    signerKey: forge.pki.privateKeyToPem(signer.privateKey),
  };
}
