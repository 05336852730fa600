/// Decimal numbers to the nearest Double, the same Double as strtod gives (round to nearest, ties
/// to even), without strtod: the Eisel–Lemire method (D. Lemire, "Number parsing at a gigabyte per
/// second", Software: Practice and Experience 51(8), 2021). The significand times a 128-bit
/// approximation of the power of five is exact enough to round correctly, or known not to be; then,
/// and for what is out of its range here (more than 19 significant digits, a power of ten beyond
/// ±64), the caller uses strtod. strtod was a third of reading a boundary file's coordinates.
enum DecimalDouble {
    /// `significand × 10^exponent` (negated when `negative`) correctly rounded, or nil when this
    /// method cannot tell (the caller then asks strtod).
    static func value(significand: UInt64, exponent q: Int, negative: Bool) -> Double? {
        if significand == 0 { return negative ? -0.0 : 0.0 }
        guard q >= smallestPower, q <= largestPower else { return nil }
        let zeros = significand.leadingZeroBitCount
        let w = significand << UInt64(zeros)
        let index = 2 * (q - smallestPower)
        var (high, low) = w.multipliedFullWidth(by: powersOfFive[index])
        // The 55 bits kept (52 + the implicit one + a rounding bit + one the product may lack) are
        // certain unless every bit below them is set: then the next 64 bits of the power decide.
        if high & 0x1FF == 0x1FF {
            let next = w.multipliedFullWidth(by: powersOfFive[index + 1]).high
            low &+= next
            if next > low { high &+= 1 }
        }
        // Still all ones below: the truncated power may be too small to decide (the published
        // method's fallback case, kept although later proved unreachable).
        if low == .max, q < -27 || q > 55 { return nil }
        let upper = Int(high >> 63)
        let shift = UInt64(upper + 64 - 52 - 3)
        var mantissa = high >> shift
        // ⌊q·log2(10)⌋ + 63, exactly, for the q of the table.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upper - zeros + 1023
        guard power2 > 0 else { return nil }  // subnormal: not with these powers, but left to strtod
        // Exactly halfway between two Doubles (only possible for small powers): to even.
        if low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == high { mantissa &= ~1 }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 1 << 53 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        guard power2 < 0x7FF else { return nil }
        return Double(bitPattern: (negative ? 1 << 63 : 0) | (UInt64(power2) << 52) | mantissa)
    }

    static let smallestPower = -64
    static let largestPower = 64

    /// 5^q for q in −64…64, normalised to 128 bits (top bit set; truncated for q ≥ 0, rounded up
    /// for q < 0), high then low word: the table of the paper, in the range needed here.
    static let powersOfFive: [UInt64] = [
        0xa87f_ea27_a539_e9a5, 0x3f23_98d7_47b3_6224,  // 5^-64
        0xd29f_e4b1_8e88_640e, 0x8eec_7f0d_19a0_3aad,  // 5^-63
        0x83a3_eeee_f915_3e89, 0x1953_cf68_3004_24ac,  // 5^-62
        0xa48c_eaaa_b75a_8e2b, 0x5fa8_c342_3c05_2dd7,  // 5^-61
        0xcdb0_2555_6531_31b6, 0x3792_f412_cb06_794d,  // 5^-60
        0x808e_1755_5f3e_bf11, 0xe2bb_d88b_bee4_0bd0,  // 5^-59
        0xa0b1_9d2a_b70e_6ed6, 0x5b6a_ceae_ae9d_0ec4,  // 5^-58
        0xc8de_0475_64d2_0a8b, 0xf245_825a_5a44_5275,  // 5^-57
        0xfb15_8592_be06_8d2e, 0xeed6_e2f0_f0d5_6712,  // 5^-56
        0x9ced_737b_b6c4_183d, 0x5546_4dd6_9685_606b,  // 5^-55
        0xc428_d05a_a475_1e4c, 0xaa97_e14c_3c26_b886,  // 5^-54
        0xf533_0471_4d92_65df, 0xd53d_d99f_4b30_66a8,  // 5^-53
        0x993f_e2c6_d07b_7fab, 0xe546_a803_8efe_4029,  // 5^-52
        0xbf8f_db78_849a_5f96, 0xde98_5204_72bd_d033,  // 5^-51
        0xef73_d256_a5c0_f77c, 0x963e_6685_8f6d_4440,  // 5^-50
        0x95a8_6376_2798_9aad, 0xdde7_0013_79a4_4aa8,  // 5^-49
        0xbb12_7c53_b17e_c159, 0x5560_c018_580d_5d52,  // 5^-48
        0xe9d7_1b68_9dde_71af, 0xaab8_f01e_6e10_b4a6,  // 5^-47
        0x9226_7121_62ab_070d, 0xcab3_9613_04ca_70e8,  // 5^-46
        0xb6b0_0d69_bb55_c8d1, 0x3d60_7b97_c5fd_0d22,  // 5^-45
        0xe45c_10c4_2a2b_3b05, 0x8cb8_9a7d_b77c_506a,  // 5^-44
        0x8eb9_8a7a_9a5b_04e3, 0x77f3_608e_92ad_b242,  // 5^-43
        0xb267_ed19_40f1_c61c, 0x55f0_38b2_3759_1ed3,  // 5^-42
        0xdf01_e85f_912e_37a3, 0x6b6c_46de_c52f_6688,  // 5^-41
        0x8b61_313b_babc_e2c6, 0x2323_ac4b_3b3d_a015,  // 5^-40
        0xae39_7d8a_a96c_1b77, 0xabec_975e_0a0d_081a,  // 5^-39
        0xd9c7_dced_53c7_2255, 0x96e7_bd35_8c90_4a21,  // 5^-38
        0x881c_ea14_545c_7575, 0x7e50_d641_77da_2e54,  // 5^-37
        0xaa24_2499_6973_92d2, 0xdde5_0bd1_d5d0_b9e9,  // 5^-36
        0xd4ad_2dbf_c3d0_7787, 0x955e_4ec6_4b44_e864,  // 5^-35
        0x84ec_3c97_da62_4ab4, 0xbd5a_f13b_ef0b_113e,  // 5^-34
        0xa627_4bbd_d0fa_dd61, 0xecb1_ad8a_eacd_d58e,  // 5^-33
        0xcfb1_1ead_4539_94ba, 0x67de_18ed_a581_4af2,  // 5^-32
        0x81ce_b32c_4b43_fcf4, 0x80ea_cf94_8770_ced7,  // 5^-31
        0xa242_5ff7_5e14_fc31, 0xa125_8379_a94d_028d,  // 5^-30
        0xcad2_f7f5_359a_3b3e, 0x096e_e458_13a0_4330,  // 5^-29
        0xfd87_b5f2_8300_ca0d, 0x8bca_9d6e_1888_53fc,  // 5^-28
        0x9e74_d1b7_91e0_7e48, 0x775e_a264_cf55_347e,  // 5^-27
        0xc612_0625_7658_9dda, 0x9536_4afe_032a_819e,  // 5^-26
        0xf796_87ae_d3ee_c551, 0x3a83_ddbd_83f5_2205,  // 5^-25
        0x9abe_14cd_4475_3b52, 0xc492_6a96_7279_3543,  // 5^-24
        0xc16d_9a00_9592_8a27, 0x75b7_053c_0f17_8294,  // 5^-23
        0xf1c9_0080_baf7_2cb1, 0x5324_c68b_12dd_6339,  // 5^-22
        0x971d_a050_74da_7bee, 0xd3f6_fc16_ebca_5e04,  // 5^-21
        0xbce5_0864_9211_1aea, 0x88f4_bb1c_a6bc_f585,  // 5^-20
        0xec1e_4a7d_b695_61a5, 0x2b31_e9e3_d06c_32e6,  // 5^-19
        0x9392_ee8e_921d_5d07, 0x3aff_322e_6243_9fd0,  // 5^-18
        0xb877_aa32_36a4_b449, 0x09be_feb9_fad4_87c3,  // 5^-17
        0xe695_94be_c44d_e15b, 0x4c2e_be68_7989_a9b4,  // 5^-16
        0x901d_7cf7_3ab0_acd9, 0x0f9d_3701_4bf6_0a11,  // 5^-15
        0xb424_dc35_095c_d80f, 0x5384_84c1_9ef3_8c95,  // 5^-14
        0xe12e_1342_4bb4_0e13, 0x2865_a5f2_06b0_6fba,  // 5^-13
        0x8cbc_cc09_6f50_88cb, 0xf93f_87b7_442e_45d4,  // 5^-12
        0xafeb_ff0b_cb24_aafe, 0xf78f_69a5_1539_d749,  // 5^-11
        0xdbe6_fece_bded_d5be, 0xb573_440e_5a88_4d1c,  // 5^-10
        0x8970_5f41_36b4_a597, 0x3168_0a88_f895_3031,  // 5^-9
        0xabcc_7711_8461_cefc, 0xfdc2_0d2b_36ba_7c3e,  // 5^-8
        0xd6bf_94d5_e57a_42bc, 0x3d32_9076_0469_1b4d,  // 5^-7
        0x8637_bd05_af6c_69b5, 0xa63f_9a49_c2c1_b110,  // 5^-6
        0xa7c5_ac47_1b47_8423, 0x0fcf_80dc_3372_1d54,  // 5^-5
        0xd1b7_1758_e219_652b, 0xd3c3_6113_404e_a4a9,  // 5^-4
        0x8312_6e97_8d4f_df3b, 0x645a_1cac_0831_26ea,  // 5^-3
        0xa3d7_0a3d_70a3_d70a, 0x3d70_a3d7_0a3d_70a4,  // 5^-2
        0xcccc_cccc_cccc_cccc, 0xcccc_cccc_cccc_cccd,  // 5^-1
        0x8000_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^0
        0xa000_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^1
        0xc800_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^2
        0xfa00_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^3
        0x9c40_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^4
        0xc350_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^5
        0xf424_0000_0000_0000, 0x0000_0000_0000_0000,  // 5^6
        0x9896_8000_0000_0000, 0x0000_0000_0000_0000,  // 5^7
        0xbebc_2000_0000_0000, 0x0000_0000_0000_0000,  // 5^8
        0xee6b_2800_0000_0000, 0x0000_0000_0000_0000,  // 5^9
        0x9502_f900_0000_0000, 0x0000_0000_0000_0000,  // 5^10
        0xba43_b740_0000_0000, 0x0000_0000_0000_0000,  // 5^11
        0xe8d4_a510_0000_0000, 0x0000_0000_0000_0000,  // 5^12
        0x9184_e72a_0000_0000, 0x0000_0000_0000_0000,  // 5^13
        0xb5e6_20f4_8000_0000, 0x0000_0000_0000_0000,  // 5^14
        0xe35f_a931_a000_0000, 0x0000_0000_0000_0000,  // 5^15
        0x8e1b_c9bf_0400_0000, 0x0000_0000_0000_0000,  // 5^16
        0xb1a2_bc2e_c500_0000, 0x0000_0000_0000_0000,  // 5^17
        0xde0b_6b3a_7640_0000, 0x0000_0000_0000_0000,  // 5^18
        0x8ac7_2304_89e8_0000, 0x0000_0000_0000_0000,  // 5^19
        0xad78_ebc5_ac62_0000, 0x0000_0000_0000_0000,  // 5^20
        0xd8d7_26b7_177a_8000, 0x0000_0000_0000_0000,  // 5^21
        0x8786_7832_6eac_9000, 0x0000_0000_0000_0000,  // 5^22
        0xa968_163f_0a57_b400, 0x0000_0000_0000_0000,  // 5^23
        0xd3c2_1bce_cced_a100, 0x0000_0000_0000_0000,  // 5^24
        0x8459_5161_4014_84a0, 0x0000_0000_0000_0000,  // 5^25
        0xa56f_a5b9_9019_a5c8, 0x0000_0000_0000_0000,  // 5^26
        0xcecb_8f27_f420_0f3a, 0x0000_0000_0000_0000,  // 5^27
        0x813f_3978_f894_0984, 0x4000_0000_0000_0000,  // 5^28
        0xa18f_07d7_36b9_0be5, 0x5000_0000_0000_0000,  // 5^29
        0xc9f2_c9cd_0467_4ede, 0xa400_0000_0000_0000,  // 5^30
        0xfc6f_7c40_4581_2296, 0x4d00_0000_0000_0000,  // 5^31
        0x9dc5_ada8_2b70_b59d, 0xf020_0000_0000_0000,  // 5^32
        0xc537_1912_364c_e305, 0x6c28_0000_0000_0000,  // 5^33
        0xf684_df56_c3e0_1bc6, 0xc732_0000_0000_0000,  // 5^34
        0x9a13_0b96_3a6c_115c, 0x3c7f_4000_0000_0000,  // 5^35
        0xc097_ce7b_c907_15b3, 0x4b9f_1000_0000_0000,  // 5^36
        0xf0bd_c21a_bb48_db20, 0x1e86_d400_0000_0000,  // 5^37
        0x9676_9950_b50d_88f4, 0x1314_4480_0000_0000,  // 5^38
        0xbc14_3fa4_e250_eb31, 0x17d9_55a0_0000_0000,  // 5^39
        0xeb19_4f8e_1ae5_25fd, 0x5dcf_ab08_0000_0000,  // 5^40
        0x92ef_d1b8_d0cf_37be, 0x5aa1_cae5_0000_0000,  // 5^41
        0xb7ab_c627_0503_05ad, 0xf14a_3d9e_4000_0000,  // 5^42
        0xe596_b7b0_c643_c719, 0x6d9c_cd05_d000_0000,  // 5^43
        0x8f7e_32ce_7bea_5c6f, 0xe482_0023_a200_0000,  // 5^44
        0xb35d_bf82_1ae4_f38b, 0xdda2_802c_8a80_0000,  // 5^45
        0xe035_2f62_a19e_306e, 0xd50b_2037_ad20_0000,  // 5^46
        0x8c21_3d9d_a502_de45, 0x4526_f422_cc34_0000,  // 5^47
        0xaf29_8d05_0e43_95d6, 0x9670_b12b_7f41_0000,  // 5^48
        0xdaf3_f046_51d4_7b4c, 0x3c0c_dd76_5f11_4000,  // 5^49
        0x88d8_762b_f324_cd0f, 0xa588_0a69_fb6a_c800,  // 5^50
        0xab0e_93b6_efee_0053, 0x8eea_0d04_7a45_7a00,  // 5^51
        0xd5d2_38a4_abe9_8068, 0x72a4_9045_98d6_d880,  // 5^52
        0x85a3_6366_eb71_f041, 0x47a6_da2b_7f86_4750,  // 5^53
        0xa70c_3c40_a64e_6c51, 0x9990_90b6_5f67_d924,  // 5^54
        0xd0cf_4b50_cfe2_0765, 0xfff4_b4e3_f741_cf6d,  // 5^55
        0x8281_8f12_81ed_449f, 0xbff8_f10e_7a89_21a4,  // 5^56
        0xa321_f2d7_2268_95c7, 0xaff7_2d52_192b_6a0d,  // 5^57
        0xcbea_6f8c_eb02_bb39, 0x9bf4_f8a6_9f76_4490,  // 5^58
        0xfee5_0b70_25c3_6a08, 0x02f2_36d0_4753_d5b4,  // 5^59
        0x9f4f_2726_179a_2245, 0x01d7_6242_2c94_6590,  // 5^60
        0xc722_f0ef_9d80_aad6, 0x424d_3ad2_b7b9_7ef5,  // 5^61
        0xf8eb_ad2b_84e0_d58b, 0xd2e0_8987_65a7_deb2,  // 5^62
        0x9b93_4c3b_330c_8577, 0x63cc_55f4_9f88_eb2f,  // 5^63
        0xc278_1f49_ffcf_a6d5, 0x3cbf_6b71_c76b_25fb,  // 5^64
    ]
}
